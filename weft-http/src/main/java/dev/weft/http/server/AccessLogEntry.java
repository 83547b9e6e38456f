package dev.weft.http.server;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line's worth of facts for the access log, with the formats that turn it into a line: Common and
 * Combined Log Format for people and {@code grep}, {@link #jsonLine() JSON lines} for log pipelines.
 * Immutable.
 *
 * {@snippet :
 * app.use(Middlewares.accessLog(AccessLogEntry::jsonLine, System.out::println))
 *    .use(Middlewares.requestId());   // inside the log, so that its id reaches the line
 * }
 *
 * @param remote    the client address
 * @param time      when the request started
 * @param method    the method
 * @param target    the request-target
 * @param version   {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status    the response status
 * @param bytes     the body length when known, else -1 (streams, files)
 * @param duration  time spent in the handler chain
 * @param referer   the {@code Referer} header or null
 * @param userAgent the {@code User-Agent} header or null
 * @param requestId the {@link Middlewares#REQUEST_ID} attribute (set by {@link Middlewares#requestId()}) or null
 * @param route     the matched route's template ({@link Middlewares#ROUTE}) or null when no route matched
 */
public record AccessLogEntry(SocketAddress remote, ZonedDateTime time, String method, String target, String version,
                             int status, long bytes, Duration duration, String referer, String userAgent,
                             String requestId, String route) {
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** ISO-8601 with always three fraction digits, so that the lines' times align and sort as text. */
    private static final DateTimeFormatter JSON_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    /** The Common Log Format line: {@code host - - [time] "request" status bytes}. */
    public String commonLogFormat() {
        return host() + " - - [" + CLF_TIME.format(time) + "] \"" + method + " " + target + " " + version + "\" "
                + status + " " + (bytes < 0 ? "-" : Long.toString(bytes));
    }

    /** The Combined Log Format line: common format plus referer and user agent. */
    public String combinedLogFormat() {
        return commonLogFormat() + " \"" + (referer == null ? "-" : referer) + "\" \""
                + (userAgent == null ? "-" : userAgent) + "\"";
    }

    /**
     * One JSON object on one line: {@code time} (ISO-8601 with offset, to the millisecond), {@code request_id}, {@code method},
     * {@code path} (as received, without the query, which may carry secrets), {@code route}, {@code status},
     * {@code bytes} (null when unknown), {@code duration_ms}, {@code remote}; absent values are null.
     */
    public String jsonLine() {
        var out = new StringWriter(256);
        try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", JSON_TIME.format(time));
            json.writeStringField("request_id", requestId);
            json.writeStringField("method", method);
            int query = target.indexOf('?');
            json.writeStringField("path", query < 0 ? target : target.substring(0, query));
            json.writeStringField("route", route);
            json.writeNumberField("status", status);
            if (bytes < 0) {
                json.writeNullField("bytes");
            } else {
                json.writeNumberField("bytes", bytes);
            }
            json.writeNumberField("duration_ms", duration.toNanos() / 1_000 / 1000.0);
            json.writeStringField("remote", remote instanceof InetSocketAddress ? host() : null);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    private String host() {
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "-";
    }
}
