package dev.weft.http.websocket.protocol;

/** Where decoded message bytes go: the message assembler, which enforces the size limit. */
@FunctionalInterface
interface ByteSink {
    /** Takes {@code data[offset, offset + length)}; must not keep the array, which is reused. */
    void accept(byte[] data, int offset, int length);
}
