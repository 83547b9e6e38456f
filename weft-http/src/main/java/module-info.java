/**
 * Weft's HTTP/1.1 server and web framework (aiohttp.web for Java), built on virtual threads.
 * The public face is {@code dev.weft.http.server}; the codec is internal.
 */
module dev.weft.http {
    requires dev.weft.core;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.weft.http.server;
    exports dev.weft.http.websocket;
    exports dev.weft.http.client;
}
