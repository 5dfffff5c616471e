package org.carechain.ledger.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives a server-streaming method the transport's flow control. Quarkus subscribes to a returned
 * {@code Multi} with unbounded demand, so without this a stream would be written as fast as it is
 * produced and buffered in memory for a slow client. A stream awaits {@link Readiness#await()}
 * before each message instead: it then sends only what the client's window takes.
 */
@ApplicationScoped
public class StreamReadiness implements ServerInterceptor {

    private static final Context.Key<Readiness> KEY = Context.key("carechain-stream-readiness");

    /** The current call's readiness; always ready outside a call (e.g. a direct test invocation). */
    static Readiness current() {
        Readiness readiness = KEY.get();
        return readiness == null ? Readiness.ALWAYS : readiness;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        if (call.getMethodDescriptor().getType().serverSendsOneMessage()) {
            return next.startCall(call, headers);
        }
        Readiness readiness = new Readiness(call);
        ServerCall.Listener<ReqT> delegate = Contexts.interceptCall(Context.current().withValue(KEY, readiness), call,
                headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onReady() {
                readiness.wake();
                super.onReady();
            }
        };
    }

    /** Whether a call's transport can take another message now, and a way to wait until it can. */
    static final class Readiness {

        static final Readiness ALWAYS = new Readiness(null);

        private final ServerCall<?, ?> call;
        private final Set<UniEmitter<? super Void>> waiting = ConcurrentHashMap.newKeySet();

        private Readiness(ServerCall<?, ?> call) {
            this.call = call;
        }

        /** Completes when the client's flow-control window has room for another message. */
        Uni<Void> await() {
            if (call == null || call.isReady()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().emitter(emitter -> {
                waiting.add(emitter);
                emitter.onTermination(() -> waiting.remove(emitter));
                if (call.isReady() && waiting.remove(emitter)) {
                    emitter.complete(null);
                }
            });
        }

        private void wake() {
            for (UniEmitter<? super Void> emitter : waiting) {
                if (waiting.remove(emitter)) {
                    emitter.complete(null);
                }
            }
        }
    }
}
