package dev.weft.http.server.http1;

import dev.weft.http.codec.RequestHead;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import java.net.SocketAddress;
import java.util.List;

/**
 * The web framework as the HTTP/1.1 engine sees it: the engine parses requests and writes responses,
 * the framework (routing, middlewares, handlers, problem responses) decides what they say. Implemented
 * by {@code dev.weft.http.server}; thread-safe once started.
 */
public interface Application {
    /** Freezes the application and runs its startup hooks; a failing hook throws, after the shutdown hooks ran. */
    void start();

    /** Tells the application which server serves it, once that server listens and before it accepts. */
    void serving(HttpServer server);

    /** Runs the shutdown hooks; each failure is added to {@code failures}. */
    void stop(List<Throwable> failures);

    /** Opens the exchange of one parsed request whose body comes from {@code body}. */
    Exchange exchange(RequestHead head, SocketAddress remote, boolean secure, BodySource body);

    /** The problem response to a request that could not be parsed or finished. */
    Response refusal(int status, String reason);

    /** What {@code response} carries after its head. */
    Body body(Response response);

    /** The fields of {@code response} as a flat name, value, name, value list: no copy on the hot path. */
    List<String> fields(Response response);
}
