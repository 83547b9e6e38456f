package dev.weft.pg.codec.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes fed to every built-in decoder must either decode or fail with {@link PgDecodeException}:
 * never an index, allocation or arithmetic error. The slice ends the array, so reading past it fails.
 */
class MalformedInputTest {

    @Test
    void everyBuiltInDecoderFailsOnlyWithDecodeErrors() {
        var random = new Random(20_240_101L);
        List<String> unexpected = new ArrayList<>();
        var registry = CodecRegistry.create();
        List<TypeCodec<?>> codecs = new ArrayList<>();
        for (int oid : Builtins.oids()) {
            codecs.add(Builtins.byOid(oid));
        }
        for (PgType type : List.of(CatalogTypesTest.PAIR, CatalogTypesTest.PAIR_ARRAY, CatalogTypesTest.HSTORE,
                CatalogTypesTest.FLOATMULTI)) {
            codecs.add(registry.forOid(type.oid(), CatalogTypesTest.CATALOG));
        }
        codecs.add(registry.forOid(2249, CatalogTypesTest.CATALOG));
        for (TypeCodec<?> codec : codecs) {
            for (int round = 0; round < 1_000; round++) {
                byte[] data = randomValue(random);
                int offset = random.nextInt(Math.min(3, data.length + 1));
                try {
                    codec.decode(data, offset, data.length - offset);
                } catch (PgDecodeException expected) {
                    // malformed input reported as such
                } catch (RuntimeException e) {
                    unexpected.add(codec + " <- " + Wire.hex(data) + " @" + offset + ": " + e);
                    break;
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    /** Mostly short values, biased toward plausible headers (small counts, lengths and flags). */
    private static byte[] randomValue(Random random) {
        byte[] data = new byte[random.nextInt(48)];
        random.nextBytes(data);
        for (int i = 0; i + 4 <= data.length; i += 4) {
            if (random.nextInt(3) == 0) {
                int small = random.nextInt(6) - 1;
                data[i] = (byte) (small >> 24);
                data[i + 1] = (byte) (small >> 16);
                data[i + 2] = (byte) (small >> 8);
                data[i + 3] = (byte) small;
            }
        }
        return data;
    }
}
