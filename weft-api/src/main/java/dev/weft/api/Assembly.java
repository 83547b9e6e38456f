package dev.weft.api;

import dev.weft.core.TaskGroup;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts an {@link Api} together at start-up: the dependency graph (checked for cycles and for
 * singletons that need a request), the endpoints with their binders, validation, the singletons'
 * values and the OpenAPI document. Used once, on the building thread, which it joins with Jackson's
 * start and Hibernate Validator's (tasks of its own) before it is done.
 */
final class Assembly {
    private final Shapes shapes = new Shapes();
    private final Validation validation = new Validation();
    private final Map<Class<?>, Dependency> dependencies = new LinkedHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final BackgroundRunner background = new BackgroundRunner();
    private final OpenApi openApi;

    Assembly(Api.Builder builder) {
        // Three streams of start-up work, on a two-core machine mostly class loading: Jackson's (which the
        // document and the first response need), weft-api's reflection here, and Hibernate Validator's,
        // which needs the records the reflection finds. They overlap; the API is complete when they joined.
        try (var group = TaskGroup.open()) {
            group.spawn(() -> ApiJson.MAPPER);
            openApi = assemble(builder, group);
            group.join();
        }
    }

    private OpenApi assemble(Api.Builder builder, TaskGroup group) {
        builder.values.forEach((type, value) -> add(Dependency.value(type, value)));
        builder.lambdas.forEach((type, provider) -> add(Dependency.provider(type, provider)));
        builder.schemes.forEach(scheme -> add(Dependency.security(scheme)));
        var methods = new LinkedHashMap<Dependency, Method>();
        var targets = new LinkedHashMap<Dependency, Object>();
        for (Object providers : builder.providers) {
            for (Method m : sorted(providers.getClass())) {
                Provides provides = m.getAnnotation(Provides.class);
                if (provides != null) {
                    if (m.getReturnType() == void.class || m.getReturnType().isPrimitive()) {
                        throw new IllegalArgumentException(Invocable.describe(m) + ": a provider returns an object");
                    }
                    Dependency d = Dependency.method(m, provides.singleton());
                    add(d);
                    methods.put(d, m);
                    targets.put(d, providers);
                }
            }
        }
        builder.overrides.forEach((type, provider) -> dependencies.put(type, Dependency.provider(type, provider)));
        var binding = new Binding(shapes, validation, dependencies);
        var invocables = new ArrayList<Invocable>();
        methods.forEach((d, m) -> {
            var invocable = new Invocable(targets.get(d), m, binding.binders(m, Set.of()));
            d.bind(invocable);
            invocables.add(invocable);
        });
        List<Dependency> order = checkGraph();
        for (Object controller : builder.controllers) {
            for (Method m : sorted(controller.getClass())) {
                Route route = Route.of(m);
                if (route != null) {
                    endpoints.add(endpoint(controller, m, route, binding, builder.errorFormat));
                    invocables.add(endpoints.getLast().invocable());
                }
            }
        }
        if (endpoints.isEmpty() && !builder.controllers.isEmpty()) {
            throw new IllegalArgumentException("no method of the controllers has @Get, @Post, @Put, @Patch or @Delete");
        }
        List<Shape.Obj> records = shapes.objects();
        if (DeclaredConstraints.any(records, invocables)) {
            group.spawn(() -> {
                validation.start(records);
                validation.checkTargets(records, invocables);
                invocables.forEach(i -> i.validateWith(validation));
            });
        }
        Shape errorModel = shapes.of(builder.errorFormat.model());
        var document = new OpenApi(builder, shapes, errorModel);
        endpoints.forEach(document::add);
        for (Dependency d : order) {
            try {
                d.initialise();
            } catch (Exception e) {
                throw new IllegalStateException("singleton " + d.type().getName() + " from " + d.source() + " failed: " + e.getMessage(), e);
            }
        }
        return document;
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    BackgroundRunner background() {
        return background;
    }

    /** The document, serialised when first asked for: nothing at start-up needs its text. */
    OpenApi openApi() {
        return openApi;
    }

    private void add(Dependency d) {
        Dependency other = dependencies.putIfAbsent(d.type(), d);
        if (other != null) {
            throw new IllegalArgumentException("two providers for " + d.type().getName() + ": " + other.source() + " and " + d.source());
        }
    }

    private static List<Method> sorted(Class<?> type) {
        // Declaration order is not kept by reflection; sorting keeps operation ids and the docs stable.
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString)).toList();
    }

    private Endpoint endpoint(Object controller, Method m, Route route, Binding binding, ErrorFormat errorFormat) {
        Set<String> variables = route.variables();
        var invocable = new Invocable(controller, m, binding.binders(m, variables));
        var bound = new HashSet<String>();
        inputs(invocable.binders(), new HashSet<>()).stream().filter(i -> i.in().equals("path")).forEach(i -> bound.add(i.name()));
        for (String variable : variables) {
            if (!bound.contains(variable)) {
                throw new IllegalArgumentException(invocable.describe() + ": no parameter binds {" + variable + "} of " + route.path());
            }
        }
        Shape model = route.response() != null ? shapes.of(route.response()) : null;
        if (route.response() == null && m.getReturnType() != void.class) {
            returnShape(m);
        }
        return new Endpoint(route, invocable, new ResultWriter(m.getReturnType(), route.status(), model), dependencies,
                errorFormat, background);
    }

    /** Checks, at start-up, that the return type serialises (its shape is needed for the docs anyway). */
    private void returnShape(Method m) {
        try {
            OpenApi.responseType(m).ifPresent(shapes::of);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Invocable.describe(m) + ": return type: " + e.getMessage(), e);
        }
    }

    /** Every input an operation reads, its dependencies' included (each dependency once). */
    static List<Input> inputs(List<Binder> binders, Set<Dependency> seen) {
        var inputs = new ArrayList<Input>();
        for (Binder b : binders) {
            inputs.addAll(b.inputs());
            if (b.dependency() != null && seen.add(b.dependency())) {
                inputs.addAll(inputs(b.dependency().binders(), seen));
            }
        }
        return inputs;
    }

    /** Checks for cycles and for singletons that need a request; returns the dependencies in creation order. */
    private List<Dependency> checkGraph() {
        var done = new LinkedHashSet<Dependency>();
        for (Dependency d : dependencies.values()) {
            visit(d, new ArrayList<>(), done);
        }
        return new ArrayList<>(done);
    }

    private void visit(Dependency d, List<Dependency> path, Set<Dependency> done) {
        if (done.contains(d)) {
            return;
        }
        if (path.contains(d)) {
            var names = new ArrayList<String>();
            path.subList(path.indexOf(d), path.size()).forEach(p -> names.add(p.type().getSimpleName()));
            names.add(d.type().getSimpleName());
            throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", names) + " (" + d.source() + ")");
        }
        path.add(d);
        for (Binder b : d.binders()) {
            if (d.singleton() && (b.dependency() == null || !b.dependency().singleton())) {
                throw new IllegalArgumentException(d.source() + " is a singleton: it can only take other singletons, not "
                        + (b.dependency() != null ? "per-request " + b.dependency().type().getSimpleName() : "request data"));
            }
            if (b.dependency() != null) {
                visit(b.dependency(), path, done);
            }
        }
        path.removeLast();
        done.add(d);
    }
}
