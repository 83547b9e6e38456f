package dev.weft.http;

/**
 * The root of every exception weft-http throws, so that a caller can catch the whole module with one
 * type: the server's status errors ({@link dev.weft.http.server.HttpException} and its subtypes named
 * after their status), the client's failures ({@link dev.weft.http.client.HttpClientException}) and
 * WebSocket failures ({@link dev.weft.http.websocket.WebSocketException}). Unchecked; immutable.
 *
 * {@snippet :
 * try {
 *     return http.get(url).text();
 * } catch (WeftHttpException e) {   // a timeout, a refused connection, a malformed response...
 *     return fallback;
 * }
 * }
 */
public abstract class WeftHttpException extends RuntimeException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what went wrong and, when known, the low-level cause. */
    protected WeftHttpException(String message, Throwable cause) {
        super(message, cause);
    }
}
