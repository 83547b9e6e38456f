/**
 * Weft's HTTP/1.1 stack on virtual threads: the server and web framework (aiohttp.web for Java) in
 * {@code dev.weft.http.server}, WebSockets for both roles in {@code dev.weft.http.websocket}, and the
 * client (aiohttp.ClientSession for Java) in {@code dev.weft.http.client}. The codec
 * ({@code dev.weft.http.codec}) is internal: its types are public only so that those three packages
 * share it, and no exported signature mentions them.
 */
module dev.weft.http {
    requires dev.weft.core;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.weft.http;
    exports dev.weft.http.server;
    exports dev.weft.http.websocket;
    exports dev.weft.http.client;
}
