/**
 * The HTTP/1.1 engine (not exported): the connection loop, transports, response writer, body streams
 * and timeout sweeper. It serves the framework of {@code dev.weft.http.server} through
 * {@link dev.weft.http.server.http1.Application}, and hands switched connections to an
 * {@link dev.weft.http.server.http1.Upgrade}.
 */
package dev.weft.http.server.http1;
