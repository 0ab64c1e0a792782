package org.sth.automation;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The lab classes, one after another in one test JVM. They share the lab's fixed names (namespaces, links, users), so
 * only one can have the lab at a time ({@code lab.LabLock}); found by the build one by one, each was handed to a test JVM
 * of its own and held it idle until the lab was free, minutes of the suite's three JVMs. The build excludes them from its
 * own scan (pom.xml) and runs this suite; {@code -Dit.test=LabIT} still runs one class alone.
 *
 * <p>It lives in the top package so that the build, which hands out test classes in alphabetical order, starts it
 * first: the longest chain of the suite, it then runs beside everything else instead of after it.
 */
@Suite
@SelectClasses(names = {"org.sth.automation.lab.ClusterFaultsIT", "org.sth.automation.lab.LabIT", "org.sth.automation.lab.LabFaultsIT",
        "org.sth.automation.lab.AgentsthLabIT"})
class LabSuiteIT {
}
