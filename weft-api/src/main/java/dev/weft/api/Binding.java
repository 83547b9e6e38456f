package dev.weft.api;

import dev.weft.http.server.Part;
import dev.weft.http.server.Request;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a method parameter into its {@link Binder}, at start-up, following FastAPI's rules: an annotation
 * says where the value comes from; without one, a type with a provider is a dependency, a name in the
 * path is a path parameter, a scalar (or list of scalars) is a query parameter and a record is the body.
 * Every mistake fails here with a message naming the method and the parameter.
 */
final class Binding {
    private static final List<Class<? extends Annotation>> SOURCES =
            List.of(Path.class, Query.class, Header.class, Cookie.class, Body.class, Form.class, File.class);
    private final Shapes shapes;
    private final Validation validation;
    private final Map<Class<?>, Dependency> dependencies;

    Binding(Shapes shapes, Validation validation, Map<Class<?>, Dependency> dependencies) {
        this.shapes = shapes;
        this.validation = validation;
        this.dependencies = dependencies;
    }

    /** The binders of {@code method}'s parameters; {@code pathNames} are the route's variables (empty for providers). */
    List<Binder> binders(Method method, Set<String> pathNames) {
        var binders = new ArrayList<Binder>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            try {
                binders.add(binder(parameters[i], pathNames));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Invocable.describe(method) + ", parameter "
                        + Invocable.parameterName(method, i) + ": " + e.getMessage(), e);
            }
        }
        return binders;
    }

    private Binder binder(Parameter p, Set<String> pathNames) {
        Class<?> raw = p.getType();
        Type type = p.getParameterizedType();
        Annotation source = source(p);
        if (source == null) {
            Binder special = special(raw, type);
            if (special != null) {
                return special;
            }
        }
        String text = p.getAnnotation(Description.class) instanceof Description d ? d.value() : null;
        if (source instanceof File) {
            return file(p, raw, type, text);
        }
        Shape shape = shapes.of(type);
        String kind = source != null ? source.annotationType().getSimpleName().toLowerCase(Locale.ROOT)
                : p.isNamePresent() && pathNames.contains(p.getName()) ? "path"
                : shape instanceof Shape.Obj || shape instanceof Shape.Maybe(Shape.Obj o) ? "body" : "query";
        if ((source instanceof Query || source instanceof Form) && shape instanceof Shape.Obj obj) {
            return group(obj, kind);
        }
        if (kind.equals("body")) {
            if (shape instanceof Shape.Scalar || shape instanceof Shape.Maybe(Shape.Scalar s)) {
                throw new IllegalArgumentException("a JSON body must be a record, a collection or a map");
            }
            if (shape instanceof Shape.Omissible) {
                throw new IllegalArgumentException("Settable is for the components of a body record");
            }
            return new BodyBinder(new Input("body", "body", shape, !(shape instanceof Shape.Maybe), p, text, null), validation);
        }
        return value(p, kind, name(p, source, kind), shape, pathNames, text, p.getAnnotation(Default.class));
    }

    private Binder file(Parameter p, Class<?> raw, Type type, String text) {
        Class<?> item = raw == List.class || raw == Optional.class ? Shapes.rawClass(Shapes.argument(type, 0)) : raw;
        if (item != Part.class) {
            throw new IllegalArgumentException("@File takes Part, Optional<Part> or List<Part>");
        }
        Shape shape = raw == List.class ? new Shape.Many(new Shape.Any(), false)
                : raw == Optional.class ? new Shape.Maybe(new Shape.Any()) : new Shape.Any();
        return new FileBinder(new Input("file", name(p, p.getAnnotation(File.class), "file"), shape, raw == Part.class, p, text, null));
    }

    private Binder value(Parameter p, String in, String name, Shape shape, Set<String> pathNames, String text, Default fallback) {
        ScalarType scalar = switch (shape) {
            case Shape.Scalar(ScalarType t) -> t;
            case Shape.Maybe(Shape.Scalar(ScalarType t)) -> t;
            case Shape.Many(Shape.Scalar(ScalarType t), boolean set) when !in.equals("path") && !in.equals("cookie") -> t;
            default -> throw new IllegalArgumentException("@" + capital(in) + " takes a scalar type"
                    + (in.equals("path") || in.equals("cookie") ? "" : ", an Optional of one, or a List/Set of them"));
        };
        if (in.equals("path")) {
            if (!pathNames.contains(name)) {
                throw new IllegalArgumentException("the route has no path variable {" + name + "}: " + pathNames);
            }
            if (shape instanceof Shape.Maybe || fallback != null) {
                throw new IllegalArgumentException("a path parameter is always present: no Optional or @Default");
            }
        }
        Object converted = null;
        if (fallback != null) {
            if (shape instanceof Shape.Maybe) {
                throw new IllegalArgumentException("choose Optional or @Default, not both");
            }
            try {
                converted = shape instanceof Shape.Many(Shape item, boolean set)
                        ? (set ? Set.of(scalar.parse(fallback.value())) : List.of(scalar.parse(fallback.value())))
                        : scalar.parse(fallback.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("@Default(\"" + fallback.value() + "\") does not convert: " + scalar.message(), e);
            }
        }
        boolean required = !(shape instanceof Shape.Maybe) && !(shape instanceof Shape.Many) && fallback == null;
        var input = new Input(in, name, shape, required, p, text, fallback == null ? null : fallback.value());
        return new ValueBinder(input, scalar, converted);
    }

    private Binder group(Shape.Obj obj, String in) {
        var components = new ArrayList<ValueBinder>();
        for (Shape.Field field : obj.fields()) {
            var scalarShape = field.shape();
            ScalarType scalar = switch (scalarShape) {
                case Shape.Scalar(ScalarType t) -> t;
                case Shape.Maybe(Shape.Scalar(ScalarType t)) -> t;
                case Shape.Many(Shape.Scalar(ScalarType t), boolean set) -> t;
                default -> throw new IllegalArgumentException(in + " record component '" + field.name() + "' must be a scalar, an Optional or a List of one");
            };
            components.add(new ValueBinder(new Input(in, field.name(), scalarShape, field.required() && !(scalarShape instanceof Shape.Many),
                    field.annotated(), field.description(), null), scalar, null));
        }
        return new GroupBinder(components, obj.constructor(), validation, in.equals("query") ? "query" : "body");
    }

    private Binder special(Class<?> raw, Type type) {
        if (raw == Request.class) {
            return Call::request;
        }
        if (raw == RequestScope.class) {
            return call -> call;
        }
        if (raw == BackgroundTasks.class) {
            return Call::background;
        }
        Dependency dependency = dependencies.get(raw);
        if (dependency != null) {
            return new DependencyBinder(dependency, false);
        }
        if (raw == Optional.class && dependencies.get(Shapes.rawClass(Shapes.argument(type, 0))) instanceof Dependency inner) {
            return new DependencyBinder(inner, true);
        }
        return null;
    }

    private static Annotation source(Parameter p) {
        Annotation found = null;
        for (Class<? extends Annotation> kind : SOURCES) {
            Annotation a = p.getAnnotation(kind);
            if (a != null) {
                if (found != null) {
                    throw new IllegalArgumentException("takes one of @Path, @Query, @Header, @Cookie, @Body, @Form, @File, not "
                            + "@" + found.annotationType().getSimpleName() + " and @" + kind.getSimpleName());
                }
                found = a;
            }
        }
        return found;
    }

    private static String name(Parameter p, Annotation source, String kind) {
        String given = switch (source) {
            case Path a -> a.value();
            case Query a -> a.value();
            case Header a -> a.value();
            case Cookie a -> a.value();
            case Form a -> a.value();
            case File a -> a.value();
            case null, default -> "";
        };
        if (!given.isEmpty()) {
            return given;
        }
        if (kind.equals("body")) {
            return "body";
        }
        if (!p.isNamePresent()) {
            throw new IllegalArgumentException("no name: compile with -parameters or give it, e.g. @" + capital(kind) + "(\"name\")");
        }
        return kind.equals("header") ? p.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT) : p.getName();
    }

    private static String capital(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
