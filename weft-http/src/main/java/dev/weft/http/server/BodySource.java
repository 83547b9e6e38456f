package dev.weft.http.server;

import java.io.IOException;

/** Where a request's body bytes come from: the connection that parsed its head. */
interface BodySource {
    /** Reads decoded body bytes; -1 once the body (and its trailers) ended. */
    int readBody(byte[] b, int off, int len) throws IOException;
}
