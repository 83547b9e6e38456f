package dev.weft.http.client;

import dev.weft.http.codec.HttpParseException;
import dev.weft.http.codec.ResponseHead;
import dev.weft.http.codec.ResponseHeadParser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request/response exchange on a {@link ClientConnection}, up to the end of the response
 * head: serialize and send the request, then parse the head, skipping interim 1xx responses other
 * than 101. Stateless; each call works on the connection it is given.
 */
final class Http1Exchange {
    private Http1Exchange() {
    }

    /**
     * The request head: request line (absolute form through a forwarding proxy), {@code Host},
     * {@code Proxy-Authorization} for a forwarding proxy, {@code headers} in order, then the body's framing
     * ({@code Content-Type} unless set, {@code Content-Length} or chunked).
     */
    static byte[] head(String method, URI url, List<Map.Entry<String, String>> headers, RequestBody body,
                       Endpoint route, String proxyAuthorization) {
        StringBuilder head = new StringBuilder(256);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        head.append(method).append(' ');
        if (route.forwarded()) {
            head.append("http://").append(route.hostHeader()); // absolute form, RFC 9112 section 3.2.2
        }
        head.append(path);
        if (url.getRawQuery() != null) {
            head.append('?').append(url.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(route.hostHeader()).append("\r\n");
        if (route.forwarded() && proxyAuthorization != null) {
            head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        boolean hasContentType = false;
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding")) {
                continue; // framing is derived from the body, never taken from the caller
            }
            hasContentType |= name.equalsIgnoreCase("Content-Type");
            head.append(name).append(": ").append(header.getValue()).append("\r\n");
        }
        if (body != null) {
            if (!hasContentType) {
                head.append("Content-Type: ").append(body.contentType()).append("\r\n");
            }
            if (body.contentLength() >= 0) {
                head.append("Content-Length: ").append(body.contentLength()).append("\r\n");
            } else {
                head.append("Transfer-Encoding: chunked\r\n");
            }
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends the request and reads the final response head (or a 101).
     *
     * @throws NoResponseYet    when the connection fails before a response byte arrives
     * @throws InvalidResponse  when the head is malformed or cut short
     */
    static ResponseHead exchange(ClientConnection connection, byte[] head, RequestBody body) {
        try {
            connection.send(head, body);
        } catch (IOException e) {
            throw new NoResponseYet(e);
        }
        ResponseHeadParser parser = connection.parser;
        parser.reset();
        boolean received = connection.start < connection.end;
        while (true) {
            ResponseHead response;
            try {
                response = parser.parse(connection.buf, connection.start, connection.end);
            } catch (HttpParseException e) {
                connection.abort();
                throw new InvalidResponse("malformed response head from " + connection.endpoint + ": " + e.reason(), e);
            }
            if (response != null) {
                connection.start += parser.consumed();
                if (response.status() >= 200 || response.status() == 101) {
                    return response;
                }
                continue;
            }
            int n;
            try {
                n = connection.fill();
            } catch (IOException e) {
                if (!received) {
                    throw new NoResponseYet(e);
                }
                throw new InvalidResponse("connection to " + connection.endpoint + " failed in the response head", e);
            }
            if (n < 0) {
                connection.abort();
                if (!received) {
                    throw new NoResponseYet(null);
                }
                throw new InvalidResponse("server closed the connection in the middle of the response head from "
                        + connection.endpoint);
            }
            received = true;
        }
    }
}
