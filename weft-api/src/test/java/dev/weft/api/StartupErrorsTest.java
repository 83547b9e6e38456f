package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Mistakes in the annotations fail when the API is built, naming the method and the parameter. */
class StartupErrorsTest {
    record A(String value) {
    }

    record B(String value) {
    }

    static class UnknownType {
        @Get("/x")
        String x(InputStream stream) {
            return "";
        }
    }

    static class UnboundPathVariable {
        @Get("/users/{id}")
        String x() {
            return "";
        }
    }

    static class TwoSources {
        @Get("/x")
        String x(@Query @Header String both) {
            return "";
        }
    }

    static class WrongPathName {
        @Get("/users/{id}")
        String x(@Path("ident") long id) {
            return "";
        }
    }

    static class BadDefault {
        @Get("/x")
        String x(@Query @Default("ten") int limit) {
            return "";
        }
    }

    static class Cycle {
        @Provides
        A a(B b) {
            return new A(b.value());
        }

        @Provides
        B b(A a) {
            return new B(a.value());
        }
    }

    static class SingletonOnRequest {
        @Provides(singleton = true)
        A a(@Header String authorization) {
            return new A(authorization);
        }
    }

    static class Uses {
        @Get("/x")
        String x(A a) {
            return a.value();
        }
    }

    @Test
    void anUnbindableParameterIsNamed() {
        assertThatThrownBy(() -> Api.builder().controller(new UnknownType()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UnknownType.x(InputStream), parameter 'stream'")
                .hasMessageContaining("cannot bind JSON to java.io.InputStream");
    }

    @Test
    void aPathVariableWithoutParameterIsReported() {
        assertThatThrownBy(() -> Api.builder().controller(new UnboundPathVariable()).build())
                .hasMessageContaining("UnboundPathVariable.x(): no parameter binds {id} of /users/{id}");
    }

    @Test
    void twoSourcesOnOneParameterAreRefused() {
        assertThatThrownBy(() -> Api.builder().controller(new TwoSources()).build())
                .hasMessageContaining("parameter 'both'").hasMessageContaining("@Query and @Header");
    }

    @Test
    void aPathNameNotInTheRouteIsRefused() {
        assertThatThrownBy(() -> Api.builder().controller(new WrongPathName()).build())
                .hasMessageContaining("parameter 'id'").hasMessageContaining("no path variable {ident}");
    }

    @Test
    void aDefaultThatDoesNotConvertIsRefused() {
        assertThatThrownBy(() -> Api.builder().controller(new BadDefault()).build())
                .hasMessageContaining("parameter 'limit'").hasMessageContaining("@Default(\"ten\")");
    }

    @Test
    void dependencyCyclesAreReported() {
        assertThatThrownBy(() -> Api.builder().providers(new Cycle()).controller(new Uses()).build())
                .hasMessageContaining("dependency cycle: A -> B -> A");
    }

    @Test
    void aSingletonCannotTakeRequestData() {
        assertThatThrownBy(() -> Api.builder().providers(new SingletonOnRequest()).controller(new Uses()).build())
                .hasMessageContaining("SingletonOnRequest.a(String) is a singleton")
                .hasMessageContaining("not request data");
    }
}
