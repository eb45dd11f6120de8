package dev.k8srun.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate for 127.0.0.1, as PEM files the registry reads. */
final class SelfSignedCertificate {

  private SelfSignedCertificate() {}

  /** Writes {@code cert.pem} and {@code key.pem} into the directory; returns both paths. */
  static Path[] write(Path directory) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500Name("CN=127.0.0.1");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
          Date.from(now.plus(2, ChronoUnit.DAYS)), name, keys.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
      X509CertificateHolder certificate =
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
      Path cert = directory.resolve("cert.pem");
      Path key = directory.resolve("key.pem");
      try (Writer out = Files.newBufferedWriter(cert); JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(certificate);
      }
      try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(keys.getPrivate());
      }
      return new Path[] {cert, key};
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("Cannot make a self-signed certificate", e);
    }
  }
}
