package dev.weft.http.websocket.protocol;

/**
 * Which end of a connection this code plays. RFC 6455 §5.1: a client masks every frame it sends and a
 * server masks none, so the role decides what the {@link FrameWriter} produces and what the
 * {@link FrameReader} accepts. The permessage-deflate parameters are likewise named from the server's
 * point of view ({@code server_no_context_takeover} governs the server's compressor).
 */
enum Role {
    SERVER,
    CLIENT;

    /** Whether frames this role receives must carry a masking key. */
    boolean expectsMaskedFrames() {
        return this == SERVER;
    }

    /** Whether frames this role sends carry a masking key. */
    boolean masksFrames() {
        return this == CLIENT;
    }
}
