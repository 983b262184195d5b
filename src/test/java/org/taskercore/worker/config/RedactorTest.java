package org.taskercore.worker.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("What is secret: key names and URLs")
class RedactorTest {

  @ParameterizedTest(name = "{0} → secret: {1}")
  @CsvSource({
    // secret: a secret word (or a word ending in one), or a qualified key, maybe followed by its form
    "password, true", "db_password, true", "pgpassword, true", "PGPASSWORD, true", "passwd, true", "pwd, true",
    "secret, true", "jwt_secret, true", "client_secret, true", "secrets, true", "token, true", "auth_token, true",
    "sessionToken, true", "tokens, true", "credential, true", "credentials, true", "passphrase, true",
    "api_key, true", "api_keys, true", "apiKey, true", "x-api-key, true", "private_key, true", "private_key_pem, true",
    "privateKeyPem, true", "access_key, true", "signing_key, true", "encryption_key_base64, true",
    "keystore_password, true", "password_hash, true", "secret_value, true",
    // visible: names that only describe a secret, or hold none
    "api_key_header, false", "token_ttl_seconds, false", "token_ttl, false", "password_min_length, false",
    "password_file, false", "secret_rotation_days, false", "credentials_file, false", "token_url, false",
    "private_key_path, false", "key, false", "cache_key, false", "url, false", "enabled, false", "tokenizer, false",
    "passenger, false", "keys_total, false"})
  @DisplayName("a key name is secret when it holds a secret, not when it only describes one")
  void names(String name, boolean secret) {
    assertEquals(secret, Redactor.isSecretName(name), name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "postgresql://svc:canary@127.0.0.1:5432/db | postgresql://***@127.0.0.1:5432/db",
    "jdbc:postgresql://svc:canary@127.0.0.1/db | jdbc:postgresql://***@127.0.0.1/db",
    "postgres://svc:can ary/x@127.0.0.1/db | postgres://***@127.0.0.1/db",
    "postgres://svc:a@b/c?d@127.0.0.1/db | postgres://***@127.0.0.1/db",
    "postgres://127.0.0.1/db?user=svc&password=canary | postgres://127.0.0.1/db?user=svc&password=***",
    "postgres://127.0.0.1/db?pass=canary&sslmode=require | postgres://127.0.0.1/db?pass=***&sslmode=require",
    "https://127.0.0.1:9091/push?api_key=canary#x | https://127.0.0.1:9091/push?api_key=***#x",
    "amqp://svc:canary@127.0.0.1:5672/vhost | amqp://***@127.0.0.1:5672/vhost",
    "https://127.0.0.1/ok?page=2 | https://127.0.0.1/ok?page=2",
    "not a url | not a url"})
  @DisplayName("a URL of any scheme loses its user-info and secret query values; others stay as they are")
  void urls(String url, String shown) {
    assertEquals(shown, Redactor.safeUrl(url));
    assertEquals(!url.equals(shown), Redactor.isSecretUrl(url));
    assertThat(Redactor.safeUrl(url)).doesNotContain("canary");
  }
}
