"""Parses a corpus of KIS H0STCNT0 frames with python-kis 2.1.6's own parser, for `./run bench gateway`.

Usage: python pykis_parse_bench.py CORPUS_FILE [SECONDS]
CORPUS_FILE holds one frame per line (`0|H0STCNT0|NNN|…`). Prints one JSON object:
{"records": N, "seconds": S, "records_per_s": R}.
"""
import json
import sys
import time

from pykis.api.websocket.price import KisDomesticRealtimePrice
from pykis.responses.websocket import KisWebsocketResponse


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as corpus:
        frames = [line.rstrip("\n").split("|", 3) for line in corpus if line.startswith("0|H0STCNT0|")]
    minimum = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    records = 0
    start = time.perf_counter()
    while True:
        for _, _, count, payload in frames:
            for _ in KisWebsocketResponse.parse(payload, int(count), response_type=KisDomesticRealtimePrice):
                records += 1
        elapsed = time.perf_counter() - start
        if elapsed >= minimum:
            break
    print(json.dumps({"records": records, "seconds": elapsed, "records_per_s": records / elapsed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
