package org.taskercore.worker.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven stamped into the build. */
public final class BuildInfo {

  public static final String VERSION = load();

  private BuildInfo() {
  }

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/tasker-worker-build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
