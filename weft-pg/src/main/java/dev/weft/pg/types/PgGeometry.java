package dev.weft.pg.types;

import java.util.List;
import java.util.Objects;

/**
 * The values of PostgreSQL's geometric types, one record per type; all coordinates are {@code double}s.
 * Immutable and thread-safe.
 *
 * {@snippet :
 * var p = new PgGeometry.Point(1.5, -2);
 * var c = new PgGeometry.Circle(p, 10);
 * var triangle = new PgGeometry.Polygon(List.of(new PgGeometry.Point(0, 0), new PgGeometry.Point(1, 0), p));
 * }
 */
public sealed interface PgGeometry {

    /**
     * A {@code point}.
     *
     * @param x the x coordinate
     * @param y the y coordinate
     */
    record Point(double x, double y) implements PgGeometry {
        /** The point as PostgreSQL writes it, e.g. {@code (1.5,-2)}. */
        @Override
        public String toString() {
            return "(" + format(x) + "," + format(y) + ")";
        }
    }

    /**
     * A {@code line}: the points where {@code a·x + b·y + c = 0}.
     *
     * @param a the x coefficient
     * @param b the y coefficient
     * @param c the constant
     */
    record Line(double a, double b, double c) implements PgGeometry {
        /** Checks the line is a line: {@code a} and {@code b} are not both zero. */
        public Line {
            if (a == 0 && b == 0) {
                throw new IllegalArgumentException("a line needs a or b non-zero: {" + a + "," + b + "," + c + "}");
            }
        }
    }

    /**
     * An {@code lseg}: a line segment.
     *
     * @param start one end
     * @param end the other end
     */
    record Lseg(Point start, Point end) implements PgGeometry {
        /** Checks both ends are present. */
        public Lseg {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    /**
     * A {@code box}. The server stores the upper-right corner first and swaps coordinates to make it so; a
     * decoded box always has {@code high.x >= low.x} and {@code high.y >= low.y}.
     *
     * @param high the upper-right corner
     * @param low the lower-left corner
     */
    record Box(Point high, Point low) implements PgGeometry {
        /** Checks both corners are present. */
        public Box {
            Objects.requireNonNull(high, "high");
            Objects.requireNonNull(low, "low");
        }
    }

    /**
     * A {@code path}: points joined in order, either open or closed (the last joined back to the first).
     *
     * @param points the points, at least one
     * @param closed whether the path is closed
     */
    record Path(List<Point> points, boolean closed) implements PgGeometry {
        /** Checks there is at least one point and copies the list. */
        public Path {
            points = List.copyOf(points);
            if (points.isEmpty()) {
                throw new IllegalArgumentException("a path needs at least one point");
            }
        }
    }

    /**
     * A {@code polygon}: a closed shape through its points.
     *
     * @param points the vertices, at least one
     */
    record Polygon(List<Point> points) implements PgGeometry {
        /** Checks there is at least one point and copies the list. */
        public Polygon {
            points = List.copyOf(points);
            if (points.isEmpty()) {
                throw new IllegalArgumentException("a polygon needs at least one point");
            }
        }
    }

    /**
     * A {@code circle}.
     *
     * @param center the center
     * @param radius the radius, not negative (NaN is allowed, as the server allows it)
     */
    record Circle(Point center, double radius) implements PgGeometry {
        /** Checks the radius is not negative. */
        public Circle {
            Objects.requireNonNull(center, "center");
            if (radius < 0) {
                throw new IllegalArgumentException("circle radius must not be negative: " + radius);
            }
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : Double.toString(d);
    }
}
