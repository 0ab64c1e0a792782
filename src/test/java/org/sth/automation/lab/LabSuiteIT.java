package org.sth.automation.lab;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The lab classes, one after another in one test JVM. They share the lab's fixed names (namespaces, links, users), so
 * only one can have the lab at a time ({@link LabLock}); found by the build one by one, each was handed to a test JVM of
 * its own and held it idle until the lab was free, minutes of the suite's three JVMs. The build excludes them from its
 * own scan (pom.xml) and runs this suite; {@code -Dit.test=LabIT} still runs one class alone.
 */
@Suite
@SelectClasses({ClusterFaultsIT.class, LabIT.class, LabFaultsIT.class, AgentsthLabIT.class})
class LabSuiteIT {
}
