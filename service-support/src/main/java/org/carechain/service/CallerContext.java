package org.carechain.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Answers on the caller's Vert.x context. A gRPC reply, a commit or a timer completes on another
 * thread; what the caller does next (an audit write, a database session it holds) must run on the
 * context it began on, or Hibernate Reactive refuses it.
 */
public final class CallerContext {

    private CallerContext() {}

    /**
     * {@code result}, with its item or failure delivered on the context current now; unchanged when
     * called off any Vert.x context.
     */
    public static <T> Uni<T> resume(Uni<T> result) {
        Context caller = Vertx.currentContext();
        return caller == null ? result : result.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }
}
