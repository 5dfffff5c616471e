package org.carechain.service.error;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers INVALID_ARGUMENT when a call that takes exactly one request message ends without one.
 * That is what a caller sees when its bytes do not parse as the method's request type: the
 * transport drops the undecodable message, and without this the generic stub handler would
 * answer INTERNAL ("Half-closed without a request"), blaming the server for the caller's input.
 */
@GlobalInterceptor
@ApplicationScoped
public class MalformedRequestInterceptor implements ServerInterceptor {

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        MethodDescriptor.MethodType type = call.getMethodDescriptor().getType();
        ServerCall.Listener<ReqT> delegate = next.startCall(call, headers);
        if (!type.clientSendsOneMessage()) {
            return delegate;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean received;

            @Override
            public void onMessage(ReqT message) {
                received = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (received) {
                    super.onHalfClose();
                    return;
                }
                call.close(Status.INVALID_ARGUMENT.withDescription(
                        "the request is not a valid " + call.getMethodDescriptor().getFullMethodName()
                                + " request message"), new Metadata());
            }
        };
    }
}
