package org.bilevel4j.spark;

import java.util.concurrent.atomic.AtomicLong;

/** What a problem and its mini-batch views have launched: Spark jobs (one per distributed pass) and their tasks. */
final class PassCounts {
    final AtomicLong jobs = new AtomicLong(), tasks = new AtomicLong();
}
