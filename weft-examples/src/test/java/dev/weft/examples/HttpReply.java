package dev.weft.examples;

import java.util.Locale;

/** A response as {@code curl -i} printed it: the final status line, its headers and the body. */
record HttpReply(int status, String head, String body) {

    static HttpReply of(Peers.Output out) {
        if (out.exitCode() != 0) {
            throw new AssertionError("curl failed with " + out.exitCode() + ": " + out.stderr());
        }
        String text = out.stdout();
        int split = text.indexOf("\r\n\r\n");
        // curl -i prints an interim 100 Continue head before the final one.
        while (split >= 0 && text.startsWith("HTTP/1.1 100")) {
            text = text.substring(split + 4);
            split = text.indexOf("\r\n\r\n");
        }
        if (split < 0) {
            throw new AssertionError("no complete response head in: " + text);
        }
        String head = text.substring(0, split);
        return new HttpReply(Integer.parseInt(head.substring(9, 12)), head, text.substring(split + 4));
    }

    /** The first value of a header, or null; names compare without case. */
    String header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst()
                .orElse(null);
    }
}
