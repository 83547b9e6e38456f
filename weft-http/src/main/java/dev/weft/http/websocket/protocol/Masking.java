package dev.weft.http.websocket.protocol;

/**
 * The XOR masking of RFC 6455 §5.3, which is its own inverse: the same call masks and unmasks.
 */
final class Masking {
    private Masking() {
    }

    /** XORs {@code data[offset, offset + length)} with the 4-byte key at {@code key[keyOffset]}. */
    static void apply(byte[] data, int offset, int length, byte[] key, int keyOffset) {
        byte k0 = key[keyOffset];
        byte k1 = key[keyOffset + 1];
        byte k2 = key[keyOffset + 2];
        byte k3 = key[keyOffset + 3];
        int end = offset + length;
        int i = offset;
        // Unrolled by the key length so that the loop body has no modulo; the JIT vectorises it.
        for (; i + 3 < end; i += 4) {
            data[i] ^= k0;
            data[i + 1] ^= k1;
            data[i + 2] ^= k2;
            data[i + 3] ^= k3;
        }
        for (int j = 0; i < end; i++, j++) {
            data[i] ^= key[keyOffset + j];
        }
    }
}
