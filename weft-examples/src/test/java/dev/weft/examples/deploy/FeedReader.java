package dev.weft.examples.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A client of the live feed that hands over each message it receives as JSON (the {@code ready} message
 * first): curl following {@code /events}, or the JDK's WebSocket client on {@code /ws/events}.
 */
final class FeedReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final AutoCloseable connection;
    private final String name;

    private FeedReader(String name, Function<FeedReader, AutoCloseable> connect) {
        this.name = name;
        this.connection = connect.apply(this);
    }

    /** curl following the Server-Sent Events at {@code url}; each {@code data:} line is a message. */
    static FeedReader sse(String url) {
        return new FeedReader("curl " + url, reader -> {
            try {
                Process curl = new ProcessBuilder("curl", "-N", "-s", "--max-time", "120", url)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                curl.getOutputStream().close();
                Thread.ofVirtual().start(() -> reader.readLines(curl));
                return curl::destroyForcibly;
            } catch (IOException e) {
                throw new AssertionError("cannot run curl: " + e, e);
            }
        });
    }

    /** The JDK's WebSocket client on {@code url}; each text message is a message. */
    static FeedReader webSocket(String url) {
        return new FeedReader("WebSocket " + url, reader -> {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(url), reader.new Listener()).join();
            return () -> ws.abort();
        });
    }

    private void readLines(Process curl) {
        try (var in = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    messages.add(JSON.readTree(line.substring(6)));
                }
            }
        } catch (IOException e) {
            // curl was stopped: the test has what it waited for, or fails on its own deadline.
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    /** The next message; fails when none comes within {@code timeout}. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError(name + ": no message within " + timeout);
        }
        return message;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
