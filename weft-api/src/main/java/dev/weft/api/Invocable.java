package dev.weft.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A handler or provider method ready to call: a method handle bound to its object and spread over an
 * argument array, and one binder per parameter. Built once at start-up; thread-safe.
 */
final class Invocable {
    private final Object target;
    private final Method method;
    private final MethodHandle handle;
    private final Binder[] binders;
    private Validation validation;
    private List<List<Object>> locations;

    Invocable(Object target, Method method, List<Binder> binders) {
        this.target = target;
        this.method = method;
        this.binders = binders.toArray(Binder[]::new);
        try {
            method.setAccessible(true);
            this.handle = MethodHandles.lookup().unreflect(method).bindTo(target)
                    .asSpreader(Object[].class, this.binders.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException(describe() + " is not accessible (open its package to dev.weft.api): "
                    + e.getMessage(), e);
        }
    }

    /** Turns on parameter validation when the method's parameters carry constraints; a start-up step. */
    void validateWith(Validation validation) {
        if (validation.constrainedParameters(method)) {
            this.validation = validation;
            this.locations = Arrays.stream(binders).map(Binder::location).collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /** The binders, in parameter order. */
    List<Binder> binders() {
        return Arrays.asList(binders);
    }

    Method method() {
        return method;
    }

    /** {@code Type.method(ParamType, ...)}, for messages. */
    String describe() {
        return describe(method);
    }

    /** Parameter {@code index} of {@code method} for messages: {@code 'name'} (compiled with -parameters) or {@code #index}. */
    static String parameterName(Method method, int index) {
        var p = method.getParameters()[index];
        return p.isNamePresent() ? "'" + p.getName() + "'" : "#" + index;
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Binds every parameter, validates, and calls the method; returns null (with the errors in
     * {@code call}) when the request does not fit. The method's own exceptions propagate unchanged.
     */
    Object call(Call call) throws Exception {
        int before = call.errors.size();
        Object[] args = new Object[binders.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = binders[i].bind(call);
        }
        if (validation != null && call.errors.size() == before) {
            validation.validateParameters(target, method, args, locations, call.errors);
        }
        if (call.errors.size() > before) {
            return null;
        }
        try {
            return (Object) handle.invokeExact(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
