package io.github.ddbpatterns.testing.internal.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The upstream connection of one inbound connection, on the same event loop (the classic Netty proxy shape):
 * a request is read, forwarded and answered without changing threads. The SDK sends one request at a time
 * per connection; should a second one arrive while one is in flight, it goes through {@code fallback}.
 * A reused connection that turns out closed is reopened and the request sent again once.
 */
final class ChannelUpstream implements Forwarder {

    private static final int MAX_CONTENT = 20 * 1024 * 1024;

    private final EventLoop loop;
    private final String host;
    private final int port;
    private final Forwarder fallback;
    private Channel channel;
    private CompletableFuture<Upstream.Response> pending;
    private FullHttpRequest pendingRequest;
    private boolean pendingOnReusedChannel;
    private boolean closed;

    ChannelUpstream(EventLoop loop, URI target, Forwarder fallback) {
        this.loop = loop;
        this.host = target.getHost();
        this.port = target.getPort() < 0 ? 80 : target.getPort();
        this.fallback = fallback;
    }

    @Override
    public CompletableFuture<Upstream.Response> send(List<Map.Entry<String, String>> headers, byte[] body) {
        CompletableFuture<Upstream.Response> result = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            start(headers, body, result);
        } else {
            loop.execute(() -> start(headers, body, result));
        }
        return result;
    }

    private void start(
            List<Map.Entry<String, String>> headers, byte[] body, CompletableFuture<Upstream.Response> result) {
        if (pending != null || closed) {
            fallback.send(headers, body).whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(r);
                }
            });
            return;
        }
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        for (Map.Entry<String, String> h : headers) {
            if (!Upstream.SKIPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                request.headers().add(h.getKey(), h.getValue());
            }
        }
        request.headers().set(HttpHeaderNames.HOST, host + ":" + port);
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        pending = result;
        pendingRequest = request;
        write();
    }

    private void write() {
        if (channel != null && channel.isActive()) {
            pendingOnReusedChannel = true;
            Channel writtenTo = channel;
            writtenTo.writeAndFlush(pendingRequest.retainedDuplicate()).addListener(f -> {
                if (!f.isSuccess() && channel == writtenTo) {
                    failed(f.cause());
                }
            });
            return;
        }
        pendingOnReusedChannel = false;
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(MAX_CONTENT),
                                        new ResponseHandler());
                    }
                })
                .connect(host, port);
        channel = connect.channel();
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().writeAndFlush(pendingRequest.retainedDuplicate());
            } else {
                channel = null;
                failed(f.cause());
            }
        });
    }

    private void failed(Throwable cause) {
        if (pending == null) {
            return;
        }
        if (pendingOnReusedChannel && !closed) {
            channel = null;
            write();
            return;
        }
        CompletableFuture<Upstream.Response> p = pending;
        release();
        p.completeExceptionally(cause);
    }

    private void release() {
        pending = null;
        if (pendingRequest != null) {
            pendingRequest.release();
            pendingRequest = null;
        }
    }

    /** Closes the upstream connection (the inbound one closed). */
    void close() {
        if (loop.inEventLoop()) {
            closeNow();
        } else {
            loop.execute(this::closeNow);
        }
    }

    private void closeNow() {
        closed = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            List<Map.Entry<String, String>> headers =
                    new ArrayList<>(response.headers().size());
            for (Map.Entry<String, String> h : response.headers()) {
                headers.add(Map.entry(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            }
            Upstream.Response r =
                    new Upstream.Response(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
            if (!HttpUtil.isKeepAlive(response)) {
                ctx.close();
                if (channel == ctx.channel()) {
                    channel = null;
                }
            }
            CompletableFuture<Upstream.Response> p = pending;
            release();
            if (p != null) {
                p.complete(r);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (channel == ctx.channel()) {
                channel = null;
                failed(new IOException("target closed the connection"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
