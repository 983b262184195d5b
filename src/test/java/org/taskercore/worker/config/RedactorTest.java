package org.taskercore.worker.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Which key names are secret")
class RedactorTest {

  @ParameterizedTest
  @ValueSource(strings = {"password", "db_password", "secret", "jwt_secret", "token", "auth_token", "api_key",
    "api_keys", "apiKey", "private_key", "credentials", "client_secret", "passphrase", "accessKey"})
  @DisplayName("secret-like names are redacted")
  void secret(String name) {
    assertTrue(Redactor.isSecretName(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"api_key_header", "token_ttl", "password_file", "url", "key", "cache_key", "secret_rotation_days", "enabled"})
  @DisplayName("names that only describe a secret stay visible")
  void visible(String name) {
    assertFalse(Redactor.isSecretName(name), name);
  }
}
