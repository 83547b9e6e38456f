package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgGeometry;

import java.util.ArrayList;
import java.util.List;

/** Codecs of the geometric types: every coordinate a float8, points as x then y. */
final class GeometryCodecs {
    static final Codec<PgGeometry.Point> POINT = new PointCodec();
    static final Codec<PgGeometry.Line> LINE = new LineCodec();
    static final Codec<PgGeometry.Lseg> LSEG = new LsegCodec();
    static final Codec<PgGeometry.Box> BOX = new BoxCodec();
    static final Codec<PgGeometry.Path> PATH = new PathCodec();
    static final Codec<PgGeometry.Polygon> POLYGON = new PolygonCodec();
    static final Codec<PgGeometry.Circle> CIRCLE = new CircleCodec();

    private GeometryCodecs() {
    }

    private static void write(PgGeometry.Point p, WriteBuffer out) {
        out.writeDouble(p.x()).writeDouble(p.y());
    }

    private static PgGeometry.Point point(byte[] data, int at) {
        return new PgGeometry.Point(BigEndian.getDouble(data, at), BigEndian.getDouble(data, at + 8));
    }

    private static List<PgGeometry.Point> points(Codec<?> codec, byte[] data, int at, int remaining) {
        int count = BigEndian.getInt(data, at);
        if (count < 1 || (long) count * 16 != remaining - 4) {
            throw PgDecodeException.malformed(codec.typeName(), count + " points in " + (remaining - 4) + " bytes");
        }
        List<PgGeometry.Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            points.add(point(data, at + 4 + 16 * i));
        }
        return points;
    }

    private static void writePoints(List<PgGeometry.Point> points, WriteBuffer out) {
        out.writeInt(points.size());
        for (PgGeometry.Point p : points) {
            write(p, out);
        }
    }

    private static final class PointCodec extends Codec<PgGeometry.Point> {
        PointCodec() {
            super("point", PgGeometry.Point.class);
        }

        @Override
        public void encode(PgGeometry.Point value, WriteBuffer out) {
            write(value, out);
        }

        @Override
        public PgGeometry.Point decode(byte[] data, int offset, int length) {
            requireLength(length, 16);
            return point(data, offset);
        }
    }

    private static final class LineCodec extends Codec<PgGeometry.Line> {
        LineCodec() {
            super("line", PgGeometry.Line.class);
        }

        @Override
        public void encode(PgGeometry.Line value, WriteBuffer out) {
            out.writeDouble(value.a()).writeDouble(value.b()).writeDouble(value.c());
        }

        @Override
        public PgGeometry.Line decode(byte[] data, int offset, int length) {
            requireLength(length, 24);
            try {
                return new PgGeometry.Line(BigEndian.getDouble(data, offset), BigEndian.getDouble(data, offset + 8),
                        BigEndian.getDouble(data, offset + 16));
            } catch (IllegalArgumentException e) {
                throw PgDecodeException.malformed(typeName(), e.getMessage());
            }
        }
    }

    private static final class LsegCodec extends Codec<PgGeometry.Lseg> {
        LsegCodec() {
            super("lseg", PgGeometry.Lseg.class);
        }

        @Override
        public void encode(PgGeometry.Lseg value, WriteBuffer out) {
            write(value.start(), out);
            write(value.end(), out);
        }

        @Override
        public PgGeometry.Lseg decode(byte[] data, int offset, int length) {
            requireLength(length, 32);
            return new PgGeometry.Lseg(point(data, offset), point(data, offset + 16));
        }
    }

    private static final class BoxCodec extends Codec<PgGeometry.Box> {
        BoxCodec() {
            super("box", PgGeometry.Box.class);
        }

        @Override
        public void encode(PgGeometry.Box value, WriteBuffer out) {
            write(value.high(), out);
            write(value.low(), out);
        }

        @Override
        public PgGeometry.Box decode(byte[] data, int offset, int length) {
            requireLength(length, 32);
            return new PgGeometry.Box(point(data, offset), point(data, offset + 16));
        }
    }

    /** {@code path}: a closed flag byte, then the points. */
    private static final class PathCodec extends Codec<PgGeometry.Path> {
        PathCodec() {
            super("path", PgGeometry.Path.class);
        }

        @Override
        public void encode(PgGeometry.Path value, WriteBuffer out) {
            out.writeByte(value.closed() ? 1 : 0);
            writePoints(value.points(), out);
        }

        @Override
        public PgGeometry.Path decode(byte[] data, int offset, int length) {
            if (length < 5) {
                throw PgDecodeException.malformed(typeName(), "needs at least 5 bytes, got " + length);
            }
            return new PgGeometry.Path(points(this, data, offset + 1, length - 1), data[offset] != 0);
        }
    }

    private static final class PolygonCodec extends Codec<PgGeometry.Polygon> {
        PolygonCodec() {
            super("polygon", PgGeometry.Polygon.class);
        }

        @Override
        public void encode(PgGeometry.Polygon value, WriteBuffer out) {
            writePoints(value.points(), out);
        }

        @Override
        public PgGeometry.Polygon decode(byte[] data, int offset, int length) {
            if (length < 4) {
                throw PgDecodeException.malformed(typeName(), "needs at least 4 bytes, got " + length);
            }
            return new PgGeometry.Polygon(points(this, data, offset, length));
        }
    }

    private static final class CircleCodec extends Codec<PgGeometry.Circle> {
        CircleCodec() {
            super("circle", PgGeometry.Circle.class);
        }

        @Override
        public void encode(PgGeometry.Circle value, WriteBuffer out) {
            write(value.center(), out);
            out.writeDouble(value.radius());
        }

        @Override
        public PgGeometry.Circle decode(byte[] data, int offset, int length) {
            requireLength(length, 24);
            try {
                return new PgGeometry.Circle(point(data, offset), BigEndian.getDouble(data, offset + 16));
            } catch (IllegalArgumentException e) {
                throw PgDecodeException.malformed(typeName(), e.getMessage());
            }
        }
    }
}
