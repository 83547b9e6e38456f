"""aiohttp peer of dev.weft.bench.client.HttpClientBenchMain: same GETs, same concurrency, same RESULT line.

Usage: /usr/bin/python3 aiohttp_client.py URL TOTAL CONCURRENCY WARMUP_TOTAL   (uvloop when installed)
"""
import asyncio
import resource
import sys
import time

import aiohttp

try:
    import uvloop
except ImportError:
    uvloop = None


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def fetch(session, url, count, concurrency):
    remaining = iter(range(count))

    async def worker():
        for _ in remaining:  # one shared iterator: each number is taken by exactly one worker
            async with session.get(url) as response:
                if response.status != 200:
                    raise RuntimeError(f"GET {url} answered {response.status}")
                await response.read()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def main(url, total, concurrency, warmup):
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await fetch(session, url, warmup, concurrency)
        cpu0, t0 = cpu_seconds(), time.monotonic()
        await fetch(session, url, total, concurrency)
        wall, cpu = time.monotonic() - t0, cpu_seconds() - cpu0
    name = f"aiohttp{'-uvloop' if uvloop else ''}-client"
    print(f"RESULT {name} ops={total} seconds={wall:.3f} per_s={total / wall:.1f} cpu_ns_per_op={cpu * 1e9 / total:.1f}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: aiohttp_client.py URL TOTAL CONCURRENCY WARMUP_TOTAL")
    if uvloop:
        uvloop.install()
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
