package org.vos.cli;

import picocli.CommandLine;

/** The CLI's version, from the jar manifest when packaged. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Vos.class.getPackage().getImplementationVersion();
        return new String[] {"vos " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
}
