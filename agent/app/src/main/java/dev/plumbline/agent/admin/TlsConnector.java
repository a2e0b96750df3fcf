package dev.plumbline.agent.admin;

import dev.plumbline.config.AdminConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS connector of the admin server, from a PEM certificate (chain) and a PEM private key in
 * PKCS#8 form ({@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519). A PKCS#1 or SEC1 key is refused with the
 * openssl command that converts it.
 */
final class TlsConnector {

    private TlsConnector() {
    }

    static Connector create(Server server, HttpConfiguration http, AdminConfig.Tls tls, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        String password = UUID.randomUUID().toString();
        ssl.setKeyStore(keyStore(tls, password.toCharArray()));
        ssl.setKeyStorePassword(password);
        ssl.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    static KeyStore keyStore(AdminConfig.Tls tls, char[] password) {
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(tls.certFile()))));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(tls.certFile() + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry("plumbline", privateKey(tls), password, chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + tls.certFile() + " and " + tls.keyFile() + " for TLS: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(AdminConfig.Tls tls) throws IOException, GeneralSecurityException {
        String pem = Files.readString(tls.keyFile(), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(tls.keyFile() + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it"
                    + " with: openssl pkcs8 -topk8 -nocrypt -in " + tls.keyFile() + " -out key.pkcs8.pem");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
