package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.ServerEvent;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-Sent Events: the parser fed lines, and a live stream from Weft's server read event by event. */
class EventStreamTest {
    private static List<SseEvent> parse(String... lines) {
        var parser = new EventStreamParser();
        List<SseEvent> events = new ArrayList<>();
        for (String line : lines) {
            SseEvent event = parser.line(line);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void parsesFieldsAsTheStandardSays() {
        assertThat(parse(": comment", "data: one", "data:two", "", "event: update", "id: 7", "retry: 1500",
                "data:  spaced", "", "id", "data", "", "data: unfinished"))
                .containsExactly(
                        new SseEvent("", "message", "one\ntwo", null),
                        new SseEvent("7", "update", " spaced", Duration.ofMillis(1500)),
                        new SseEvent("", "message", "", null));
    }

    @Test
    void ignoresEventsWithoutDataBadRetriesAndIdsWithNul() {
        assertThat(parse("event: ping", "", "id: a\0b", "retry: soon", "data: x", "", "unknown: field", "data: y", ""))
                .containsExactly(new SseEvent("", "message", "x", null), new SseEvent("", "message", "y", null));
    }

    @Test
    void readsALiveStreamFromWeftsServerEventByEvent() {
        var app = WebApp.create().get("/ticks", req -> Response.events(sink -> {
            for (int i = 0; i < 3; i++) {
                sink.send(ServerEvent.of("tick " + i + "\nline two").withId(Integer.toString(i)).withEvent("tick"));
                sink.comment("keep-alive");
            }
        }));
        try (var server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
             var client = HttpClient.create()) {
            try (var events = client.get("http://127.0.0.1:" + server.port() + "/ticks").events()) {
                assertThat(events.toList()).containsExactly(
                        new SseEvent("0", "tick", "tick 0\nline two", null),
                        new SseEvent("1", "tick", "tick 1\nline two", null),
                        new SseEvent("2", "tick", "tick 2\nline two", null));
            }
            assertThat(client.poolStatistics().inUse()).isZero();
        }
    }
}
