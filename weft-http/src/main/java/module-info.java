/**
 * Weft's HTTP/1.1 stack on virtual threads: the web framework (aiohttp.web for Java) in
 * {@code dev.weft.http.server}, WebSockets for both roles in {@code dev.weft.http.websocket}, the
 * client (aiohttp.ClientSession for Java) in {@code dev.weft.http.client}, and the root of every
 * exception they throw, {@code dev.weft.http.WeftHttpException}. The rest is internal: the HTTP/1.1
 * engine ({@code dev.weft.http.server.http1}), the WebSocket protocol ({@code dev.weft.http.websocket.protocol})
 * and the codec ({@code dev.weft.http.codec}) have public types only so that the exported packages
 * share them, and no exported signature mentions them.
 */
module dev.weft.http {
    requires dev.weft.core;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.weft.http;
    exports dev.weft.http.server;
    exports dev.weft.http.websocket;
    exports dev.weft.http.client;
}
