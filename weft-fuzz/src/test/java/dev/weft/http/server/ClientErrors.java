package dev.weft.http.server;

/** The property shared by the request-decoding targets: bad input is the client's error, a 4xx. */
final class ClientErrors {
    private ClientErrors() {
    }

    static void check(HttpException refused) {
        if (refused.status() < 400 || refused.status() >= 500) {
            throw new AssertionError("bad input must be a 4xx, not " + refused.status(), refused);
        }
    }
}
