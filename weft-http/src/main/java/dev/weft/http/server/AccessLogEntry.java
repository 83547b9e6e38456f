package dev.weft.http.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line's worth of facts for the access log. Immutable.
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
 */
public record AccessLogEntry(SocketAddress remote, ZonedDateTime time, String method, String target, String version,
                             int status, long bytes, Duration duration, String referer, String userAgent) {
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

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

    private String host() {
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "-";
    }
}
