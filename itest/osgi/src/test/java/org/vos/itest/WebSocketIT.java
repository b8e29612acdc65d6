package org.vos.itest;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import jakarta.servlet.Servlet;

/**
 * The runtimes' Jetty serves WebSockets (the {@code with-jetty-websockets} jar and
 * {@code org.apache.felix.jetty.websocket.enable=true}): a plain {@link JettyWebSocketServlet}
 * registered on the Servlet Whiteboard echoes a message. This is the recipe for terminals in
 * the console.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebSocketIT {
    @Inject
    private BundleContext context;

    /** Injected so that the HTTP runtime is up before the test registers its servlet. */
    @Inject
    private HttpServiceRuntime http;

    @Configuration
    public Option[] config() {
        return VosOptions.runtime("manager");
    }

    /** Echoes every text message. */
    public static final class EchoServlet extends JettyWebSocketServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void configure(JettyWebSocketServletFactory factory) {
            factory.register(Echo.class);
        }
    }

    @org.eclipse.jetty.websocket.api.annotations.WebSocket
    public static final class Echo {
        @OnWebSocketMessage
        public void onText(Session session, String message) {
            session.sendText("echo " + message, Callback.NOOP);
        }
    }

    @Test
    public void aJettyWebSocketServletOnTheWhiteboardEchoes() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/itest/echo");
        ServiceRegistration<Servlet> reg = context.registerService(Servlet.class, new EchoServlet(), props);
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            WebSocket.Listener listener = new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    answer.complete(data.toString());
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    answer.completeExceptionally(error);
                }
            };
            URI uri = URI.create("ws://127.0.0.1:" + context.getProperty("vos.http.port") + "/itest/echo");
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
            ws.sendText("hello", true);
            assertEquals("echo hello", answer.get(20, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        } finally {
            reg.unregister();
        }
    }
}
