package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every strict {@code request} case of llhttp's vectors (read from {@code ../shared/conformance} beside
 * the repository's root, never copied) through {@link HeadParser} and {@link BodyDecoder}: accepted cases must yield the same
 * method, target, version, headers and body; rejected ones must be rejected. Each input is fed whole and
 * then one byte at a time, and both runs must agree.
 */
class LlhttpConformanceTest {
    /**
     * {@code <repository root>/../shared/conformance/llhttp}, the root found by walking up from the working
     * directory (Maven runs the tests in the module's directory, an IDE perhaps elsewhere inside the clone)
     * to the directory that holds the {@code weft} wrapper beside the reactor's {@code pom.xml}.
     */
    private static Path vectors() {
        Path start = Path.of("").toAbsolutePath();
        Path root = start;
        while (root != null && !(Files.isRegularFile(root.resolve("weft")) && Files.isRegularFile(root.resolve("pom.xml")))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("no Weft repository root (a directory with ./weft and pom.xml) above " + start);
        }
        Path vectors = root.resolveSibling("shared").resolve("conformance").resolve("llhttp").normalize();
        if (!Files.isDirectory(vectors.resolve("request")) || !Files.isDirectory(vectors.resolve("response"))) {
            throw new IllegalStateException("llhttp conformance vectors missing: expected " + vectors
                    + " (request/ and response/) beside the repository " + root
                    + "; put (or link) the project's shared/ folder there, next to the clone");
        }
        return vectors;
    }

    /**
     * Where Weft deliberately differs from llhttp's strict mode. Every entry must still differ (the test
     * fails when one starts to agree, so the list stays true).
     */
    private static final Map<String, String> DIFFERENCES = Map.ofEntries(
            // llhttp only knows a fixed list of methods per protocol; RFC 9110 section 9.1 allows any token.
            Map.entry("HTTP protocol and ANNOUNCE method", "extension methods are tokens (RFC 9110 9.1)"),
            // llhttp also parses RTSP and ICE start lines; Weft speaks only HTTP/1.x and refuses them.
            // HTTP/0.9 simple requests are not HTTP/1.1 (RFC 9112 2.3 has no version-less request line).
            Map.entry("No HTTP version", "HTTP/0.9 is refused"),
            Map.entry("SOURCE request with ICE", "ICE/1.0 is not HTTP; refused"),
            Map.entry("OPTIONS request with RTSP", "RTSP/1.0 is not HTTP; refused"),
            Map.entry("ANNOUNCE request with RTSP", "RTSP/1.0 is not HTTP; refused"),
            // The request line is judged when its CRLF arrives; this input ends before it (llhttp refuses
            // at the version digits). A complete line gets 505.
            Map.entry("Invalid HTTP version", "refused one CRLF later"),
            Map.entry("Invalid method", "MKCOLA is a valid token, so a valid (unknown) method; routing answers 405/404"),
            // RFC 9112 3.2.4: the asterisk-form is only for OPTIONS; SSDP's M-SEARCH * is multicast UDP, not HTTP.
            Map.entry("M-SEARCH request", "asterisk-form only with OPTIONS"),
            // Weft implements no transfer coding but chunked, so it cannot decode "deflate, chunked"; llhttp
            // passes the coded bytes through undecoded. RFC 9112 6.1: a server that receives a transfer
            // coding it does not understand SHOULD answer 501 (Not Implemented), and Weft does, then closes.
            Map.entry("POST with chunked as last transfer-encoding", "501: deflate is not implemented"),
            Map.entry("POST with chunked as last transfer-encoding (multiple headers)", "501: deflate is not implemented"),
            // Raw UTF-8 in a target is not URI syntax (RFC 9112 3.2), but what the client means is plain: its
            // percent-encoded form (RFC 3987 3.1), which RFC 9110 2.2 lets a recipient recover. Weft accepts it
            // as /%CE%B4...; controls, SP and DEL stay refused.
            Map.entry("Disallow UTF-8 in URI path in strict mode", "raw UTF-8 is accepted, percent-encoded")
    );

    /**
     * Response cases (through the client's {@link ResponseHeadParser} and {@link BodyDecoder#forResponse})
     * where Weft deliberately differs, held to the same rule as {@link #DIFFERENCES}.
     */
    private static final Map<String, String> RESPONSE_DIFFERENCES = Map.ofEntries(
            Map.entry("RTSP response", "RTSP/1.0 is not HTTP; refused"),
            Map.entry("ICE response", "ICE/1.0 is not HTTP; refused"),
            Map.entry("HTTP version 0.9", "HTTP/0.9 is refused"),
            // RFC 9112 2.2 asks servers to ignore CRLF before a request line; it says nothing of responses,
            // and ResponseHeadParser (the client's) refuses bytes before the status line, also between
            // pipelined or interim responses, where llhttp skips them.
            Map.entry("Response starting with CRLF", "CRLF before the status line is refused"),
            Map.entry("HTTP 304 with Content-Length", "CRLF between responses is refused"),
            Map.entry("HTTP 100 first, then 400", "CRLF after the interim response is refused"),
            Map.entry("Should parse multiple events", "CRLF between pipelined responses is refused"));

    @Test
    void strictRequestCasesMatchLlhttp() throws IOException {
        run("request", DIFFERENCES);
    }

    @Test
    void strictResponseCasesMatchLlhttp() throws IOException {
        run("response", RESPONSE_DIFFERENCES);
    }

    private static void run(String type, Map<String, String> differences) throws IOException {
        boolean response = type.equals("response");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(vectors().resolve(type))) {
            for (Path file : files.sorted().toList()) {
                cases.addAll(Case.read(file, type));
            }
        }
        assertThat(cases).hasSizeGreaterThan(50);
        List<String> mismatches = new ArrayList<>();
        List<String> unexpectedAgreements = new ArrayList<>();
        int passed = 0;
        for (Case c : cases) {
            Outcome whole = Outcome.parse(c.input, c.input.length, c.skipBody, response);
            Outcome byteWise = Outcome.parse(c.input, 1, c.skipBody, response);
            assertThat(byteWise).as("byte-at-a-time feeding of %s", c.title).isEqualTo(whole);
            boolean agrees = c.expected.matches(whole);
            if (differences.containsKey(c.title)) {
                if (agrees) {
                    unexpectedAgreements.add(c.title);
                }
            } else if (agrees) {
                passed++;
            } else {
                mismatches.add(c.file + ": " + c.title + "\n  expected " + c.expected + "\n  actual   " + whole);
            }
        }
        System.out.printf("llhttp strict %s cases: %d total, %d agree, %d documented differences%n",
                type, cases.size(), passed, cases.size() - passed - mismatches.size());
        assertThat(mismatches).as("cases that differ from llhttp").isEmpty();
        assertThat(unexpectedAgreements).as("documented differences that now agree").isEmpty();
    }

    /** One parsed message: what both llhttp's log and our parser report. */
    record Message(String method, String url, String status, String version,
                   List<Map.Entry<String, String>> headers, String body, boolean complete) {
    }

    /** A run's result: the messages, and whether parsing ended with an error. */
    record Outcome(List<Message> messages, boolean error, String reason) {
        static Outcome parse(byte[] input, int step, boolean skipBody, boolean response) {
            var messages = new ArrayList<Message>();
            var parser = new HeadParser(CodecLimits.DEFAULT);
            var responses = new ResponseHeadParser(CodecLimits.DEFAULT);
            var feed = new PieceFeed(input, step);
            Object head = null;
            BodyDecoder body = null;
            ByteArrayOutputStream bodyBytes = null;
            try {
                while (true) {
                    if (head == null) {
                        head = response ? responses.parse(feed.buf, feed.start, feed.buf.length)
                                : parser.parseRequest(feed.buf, feed.start, feed.buf.length);
                        if (head != null) {
                            feed.start += response ? responses.consumed() : parser.consumed();
                            // skipBody: llhttp's caller declared the message bodiless (as after HEAD).
                            body = skipBody ? BodyDecoder.fixed(0)
                                    : head instanceof ResponseHead r ? BodyDecoder.forResponse(r, "GET", CodecLimits.DEFAULT)
                                    : BodyDecoder.forRequest((RequestHead) head, CodecLimits.DEFAULT);
                            bodyBytes = new ByteArrayOutputStream();
                            if (head instanceof ResponseHead r && r.status() == 101) {
                                // Switching Protocols: what follows is another protocol (llhttp pauses too).
                                messages.add(message(head, FieldBlock.EMPTY, bodyBytes, true));
                                return new Outcome(messages, false, "upgrade");
                            }
                        }
                    }
                    if (head != null) {
                        int used;
                        while ((used = body.decode(feed.buf, feed.start, feed.buf.length)) > 0 || body.done()) {
                            bodyBytes.write(feed.buf, body.dataOffset(), body.dataLength());
                            feed.start += used;
                            if (body.done()) {
                                break;
                            }
                        }
                        if (body.done()) {
                            messages.add(message(head, body.trailers(), bodyBytes, true));
                            boolean keepAlive = head instanceof ResponseHead r ? r.keepAlive() : ((RequestHead) head).keepAlive();
                            head = null;
                            if (!keepAlive) {
                                // The server closes after this response; llhttp calls the rest an error.
                                boolean rest = feed.start < feed.buf.length || !feed.exhausted();
                                return new Outcome(messages, rest, rest ? "data after close" : null);
                            }
                            continue;
                        }
                    }
                    if (!feed.next()) {
                        if (head != null) {
                            messages.add(message(head, FieldBlock.EMPTY, bodyBytes, false));
                        }
                        return new Outcome(messages, false, null);
                    }
                }
            } catch (HttpParseException e) {
                return new Outcome(messages, true, e.getMessage());
            }
        }

        private static Message message(Object parsed, FieldBlock trailers, ByteArrayOutputStream body,
                                       boolean complete) {
            var headers = new ArrayList<Map.Entry<String, String>>();
            FieldBlock fields = parsed instanceof ResponseHead r ? r.fields() : ((RequestHead) parsed).fields();
            for (FieldBlock block : List.of(fields, trailers)) {
                for (int i = 0; i < block.size(); i++) {
                    headers.add(Map.entry(block.name(i), block.value(i)));
                }
            }
            if (parsed instanceof ResponseHead r) {
                return new Message("", "", r.status() + " " + r.reason(), "1." + r.minorVersion(), headers,
                        body.toString(StandardCharsets.ISO_8859_1), complete);
            }
            RequestHead head = (RequestHead) parsed;
            return new Message(head.method(), head.target(), "", head.version().substring(5), headers,
                    body.toString(StandardCharsets.ISO_8859_1), complete);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && messages.equals(other.messages) && error == other.error;
        }

        @Override
        public int hashCode() {
            return messages.hashCode();
        }
    }

    /** What llhttp's log says: messages, an error, or a pause at an upgrade (head parsed, rest not). */
    record Expected(List<Message> messages, boolean error, boolean upgradePause) {
        boolean matches(Outcome actual) {
            if (upgradePause) {
                // llhttp stops after the head of a CONNECT/Upgrade request; compare what it parsed.
                if (actual.messages().size() < messages.size()) {
                    return false;
                }
                for (int i = 0; i < messages.size(); i++) {
                    Message e = messages.get(i);
                    Message a = actual.messages().get(i);
                    if (!sameHead(e, a)) {
                        return false;
                    }
                }
                return true;
            }
            if (error) {
                if (!actual.error()) {
                    return false;
                }
                List<Message> completed = messages.stream().filter(Message::complete).toList();
                List<Message> ours = actual.messages().stream().filter(Message::complete).toList();
                return ours.size() <= completed.size() && sameAll(completed.subList(0, ours.size()), ours);
            }
            return !actual.error() && actual.messages().size() == messages.size() && sameAll(messages, actual.messages());
        }

        private static boolean sameAll(List<Message> expected, List<Message> actual) {
            for (int i = 0; i < expected.size(); i++) {
                Message e = expected.get(i);
                Message a = actual.get(i);
                if (!sameHead(e, a) || !e.body().equals(a.body()) || e.complete() != a.complete()) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameHead(Message e, Message a) {
            if (!e.method().equals(a.method()) || !e.url().equals(a.url()) || !e.status().equals(a.status())
                    || !e.version().equals(a.version())
                    || e.headers().size() != a.headers().size()) {
                return false;
            }
            for (int h = 0; h < e.headers().size(); h++) {
                var eh = e.headers().get(h);
                var ah = a.headers().get(h);
                if (!eh.getKey().equals(ah.getKey()) || !sameText(eh.getValue(), ah.getValue())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * llhttp's log shows some spans as Latin-1 text and others decoded as UTF-8: accept both views.
         * Trailing whitespace in a logged value is dropped: RFC 9110 5.5 excludes it from the field value.
         */
        private static boolean sameText(String logged, String ours) {
            String bytes = logged.replaceAll("[ \t]+$", "");
            String utf8 = new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            return bytes.equals(ours) || utf8.equals(ours);
        }

        /** A span is quoted text, or {@code cr}/{@code lf} for a lone line-break byte. */
        private static final Pattern SPAN = Pattern.compile("len=\\d+ span\\[(\\w+)]=(?:\"(.*)\"|(cr|lf))$");
        private static final Pattern VERSION = Pattern.compile("headers complete .* v=(\\d)/(\\d)");
        private static final Pattern STATUS = Pattern.compile("headers complete status=(\\d+)");

        static Expected fromLog(List<String> log) {
            var messages = new ArrayList<Message>();
            String[] fields = null;
            List<Map.Entry<String, String>> headers = null;
            StringBuilder name = null;
            StringBuilder value = null;
            StringBuilder body = null;
            boolean error = false;
            boolean pause = false;
            String lastSpan = "";
            for (String line : log) {
                if (line.endsWith("message begin")) {
                    fields = new String[]{"", "", "", ""};
                    headers = new ArrayList<>();
                    body = new StringBuilder();
                    name = null;
                    lastSpan = "";
                    messages.add(null);
                } else if (line.contains(" error ")) {
                    pause = line.contains("reason=\"Pause on");
                    error = !pause;
                    break;
                }
                if (fields == null) {
                    continue;
                }
                Matcher span = SPAN.matcher(line);
                if (span.find()) {
                    String kind = span.group(1);
                    String text = span.group(2) != null ? unescape(span.group(2))
                            : span.group(3).equals("cr") ? "\r" : "\n";
                    switch (kind) {
                        case "method" -> fields[0] += text;
                        case "url" -> fields[1] += text;
                        case "version" -> fields[2] += text;
                        case "status" -> fields[3] += text;
                        case "header_field" -> {
                            if (!lastSpan.equals("header_field")) {
                                flush(headers, name, value);
                                name = new StringBuilder();
                                value = new StringBuilder();
                            }
                            name.append(text);
                        }
                        case "header_value" -> value.append(text);
                        case "body" -> body.append(text);
                        default -> { }
                    }
                    lastSpan = kind;
                }
                Matcher version = VERSION.matcher(line);
                if (version.find()) {
                    flush(headers, name, value);
                    name = null;
                    if (fields[2].isEmpty()) {
                        fields[2] = version.group(1) + "." + version.group(2);
                    }
                    Matcher code = STATUS.matcher(line);
                    if (code.find()) {
                        fields[3] = code.group(1) + " " + fields[3];
                    }
                }
                boolean complete = line.endsWith("message complete");
                if (complete) {
                    flush(headers, name, value);
                    name = null;
                }
                if (complete || line.contains("headers complete")) {
                    messages.set(messages.size() - 1,
                            new Message(fields[0], fields[1], fields[3], fields[2], headers, body.toString(), complete));
                }
                if (complete) {
                    fields = null;
                }
            }
            if (!messages.isEmpty() && messages.getLast() != null && !error && !pause && fields != null) {
                // The last message's head completed but its body did not.
                Message last = messages.getLast();
                messages.set(messages.size() - 1, new Message(last.method(), last.url(), last.status(),
                        last.version(), last.headers(), body.toString(), false));
            }
            messages.removeIf(m -> m == null);
            return new Expected(messages, error, pause);
        }

        private static void flush(List<Map.Entry<String, String>> headers, StringBuilder name, StringBuilder value) {
            if (name != null) {
                headers.add(Map.entry(name.toString(), value.toString()));
            }
        }
    }

    /** One vector: its title, the raw request bytes and llhttp's expected outcome. */
    record Case(String file, String title, byte[] input, Expected expected, boolean skipBody) {
        private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");

        static List<Case> read(Path file, String wanted) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            var cases = new ArrayList<Case>();
            String title = null;
            String type = null;
            boolean skipBody = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("#")) {
                    title = line.replaceFirst("^#+\\s*", "").replace("`", "");
                    type = null;
                } else if (line.startsWith("<!-- meta=")) {
                    Matcher m = TYPE.matcher(line);
                    type = m.find() ? m.group(1) : null;
                    skipBody = line.contains("\"skipBody\": true");
                } else if (line.equals("```http") && wanted.equals(type)) {
                    var raw = new StringBuilder();
                    for (i++; !lines.get(i).equals("```"); i++) {
                        raw.append(lines.get(i)).append('\n');
                    }
                    while (!lines.get(i).equals("```log")) {
                        i++;
                    }
                    var log = new ArrayList<String>();
                    for (i++; !lines.get(i).equals("```"); i++) {
                        log.add(lines.get(i));
                    }
                    cases.add(new Case(file.getFileName().toString(), title, wire(raw.toString()), Expected.fromLog(log),
                            skipBody));
                    type = null;
                }
            }
            return cases;
        }

        /** The block's text as bytes on the wire: last newline dropped, continuations joined, LF to CRLF, escapes resolved. */
        private static byte[] wire(String block) {
            // A line ending in a backslash continues on the next one without a line break.
            String text = block.substring(0, block.length() - 1).replace("\\\n", "").replace("\n", "\r\n");
            return unescape(text).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Resolves {@code \r \n \t \f \xHH} and octal escapes; other text is UTF-8 turned into bytes (as Latin-1 chars). */
    static String unescape(String s) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case 'r' -> { out.write('\r'); i++; continue; }
                    case 'n' -> { out.write('\n'); i++; continue; }
                    case 't' -> { out.write('\t'); i++; continue; }
                    case 'f' -> { out.write('\f'); i++; continue; }
                    case 'x' -> {
                        out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                        i += 3;
                        continue;
                    }
                    default -> {
                        int j = i + 1;
                        while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                            j++;
                        }
                        if (j > i + 1) {
                            out.write(Integer.parseInt(s.substring(i + 1, j), 8));
                            i = j - 1;
                            continue;
                        }
                    }
                }
            }
            byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            }
            out.writeBytes(c < 0x80 ? new byte[]{(byte) c} : utf8);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
