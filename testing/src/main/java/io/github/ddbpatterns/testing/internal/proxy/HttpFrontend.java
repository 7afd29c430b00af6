package io.github.ddbpatterns.testing.internal.proxy;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty handler: one aggregated HTTP request in, the engine's reply out after the configured latency
 * (scheduled on the channel's event loop, no thread blocks). A reset reply closes the socket with
 * SO_LINGER 0, which sends a TCP RST.
 */
final class HttpFrontend extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ProxyEngine engine;
    private ChannelUpstream upstream;

    HttpFrontend(ProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        upstream = engine.connectionForwarder(ctx.channel().eventLoop());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        engine.stats().recordReceived();
        byte[] body = ByteBufUtil.getBytes(request.content());
        List<Map.Entry<String, String>> headers =
                new ArrayList<>(request.headers().size());
        for (Map.Entry<String, String> h : request.headers()) {
            headers.add(Map.entry(h.getKey(), h.getValue()));
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        long delay = engine.nextLatencyNanos();
        if (delay > 0) {
            ctx.executor().schedule(() -> dispatch(ctx, headers, body, keepAlive), delay, TimeUnit.NANOSECONDS);
        } else {
            dispatch(ctx, headers, body, keepAlive);
        }
    }

    private void dispatch(
            ChannelHandlerContext ctx, List<Map.Entry<String, String>> headers, byte[] body, boolean keepAlive) {
        CompletableFuture<ProxyReply> handled;
        try {
            handled = engine.handle(headers, body, upstream);
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        handled.whenComplete((reply, error) -> {
            // answered before a byte of the reply is written: a client holding the reply sees the request settled
            engine.stats().recordAnswered();
            ProxyReply r = error != null
                    ? ProxyReply.error(500, "InternalServerError", "ThrottlingProxy failed: " + error)
                    : reply;
            if (ctx.executor().inEventLoop()) {
                write(ctx, r, keepAlive);
            } else {
                ctx.executor().execute(() -> write(ctx, r, keepAlive));
            }
        });
    }

    private static void write(ChannelHandlerContext ctx, ProxyReply reply, boolean keepAlive) {
        if (reply.reset()) {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        for (Map.Entry<String, String> h : reply.headers()) {
            response.headers().add(h.getKey(), h.getValue());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
