package dev.plumbline.provider.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode as a process of its own, for tests whose JVM cannot hold it (its
 * vert.x 4 beside jetcd's vert.x 5): prints {@code listening http://127.0.0.1:PORT} on one line, and serves
 * until its standard input closes. Started with the class path the build writes to
 * {@code target/mock-classpath.txt} and this module's test classes.
 */
public final class KubeMockMain {

    private KubeMockMain() {
    }

    public static void main(String[] args) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(java.net.InetAddress.getLoopbackAddress(), 0);
        System.out.println("listening http://127.0.0.1:" + server.getPort());
        System.out.flush();
        while (System.in.read() != -1) { // until the parent closes the pipe, or dies
            Thread.onSpinWait();
        }
        server.destroy();
    }
}
