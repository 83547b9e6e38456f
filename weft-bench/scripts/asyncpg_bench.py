"""asyncpg peer of dev.weft.bench.pg.PgBenchMain: same SQL, same workers, same RESULT line.

Usage: /usr/bin/python3 asyncpg_bench.py point|rows URI SECONDS WORKERS WARMUP_SECONDS
Each worker owns one connection (as weft-conn and pgjdbc do); uvloop is used when installed.
"""
import asyncio
import random
import resource
import sys
import time

import asyncpg

try:
    import uvloop
except ImportError:
    uvloop = None

POINT_QUERY = "SELECT id, randomnumber FROM world WHERE id = $1"
ALL_MIXED = "SELECT id, big, ratio, name, flag, created, amount, tag FROM mixed"
WORLD_ROWS = 10_000
MIXED_ROWS = 1_000


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def point(conn):
    row = await conn.fetchrow(POINT_QUERY, random.randint(1, WORLD_ROWS))
    if row is None or row[1] <= 0:
        raise RuntimeError(f"point query returned {row}")
    return 1


async def rows(conn):
    records = await conn.fetch(ALL_MIXED)
    for record in records:  # touch every column, as the Java clients do
        for value in record:
            if value is None:
                raise RuntimeError("unexpected NULL")
    if len(records) != MIXED_ROWS:
        raise RuntimeError(f"read {len(records)} rows")
    return len(records)


async def drive(conns, operation, seconds):
    end = time.monotonic() + seconds

    async def worker(conn):
        done = 0
        while time.monotonic() < end:
            done += await operation(conn)
        return done

    return sum(await asyncio.gather(*(worker(c) for c in conns)))


async def main(workload, uri, seconds, workers, warmup):
    operation = {"point": point, "rows": rows}[workload]
    conns = [await asyncpg.connect(uri) for _ in range(workers)]
    try:
        await drive(conns, operation, warmup)
        cpu0, t0 = cpu_seconds(), time.monotonic()
        ops = await drive(conns, operation, seconds)
        wall, cpu = time.monotonic() - t0, cpu_seconds() - cpu0
    finally:
        for conn in conns:
            await conn.close()
    name = f"asyncpg{'-uvloop' if uvloop else ''}-{workload}"
    print(f"RESULT {name} ops={ops} seconds={wall:.3f} per_s={ops / wall:.1f} cpu_ns_per_op={cpu * 1e9 / ops:.1f}")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: asyncpg_bench.py point|rows URI SECONDS WORKERS WARMUP_SECONDS")
    if uvloop:
        uvloop.install()
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])))
