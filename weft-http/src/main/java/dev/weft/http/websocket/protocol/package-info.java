/**
 * The WebSocket protocol (not exported): RFC 6455 frames and messages, RFC 7692 permessage-deflate,
 * the opening handshakes of both roles, and the connection state machine behind
 * {@link dev.weft.http.websocket.WebSocket}.
 */
package dev.weft.http.websocket.protocol;
