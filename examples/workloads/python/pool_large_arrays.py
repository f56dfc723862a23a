"""large-data: every task pickles an 8 MiB array to a pool process that only samples it."""
from array import array
from concurrent.futures import ProcessPoolExecutor

TASKS = 40
SIZE = 1 << 20  # doubles: 8 MiB


def checksum(values: array) -> float:
    return sum(values[::4096])  # a little work on a lot of data


if __name__ == "__main__":
    data = array("d", range(SIZE))
    with ProcessPoolExecutor(max_workers=2) as pool:
        sums = list(pool.map(checksum, [data] * TASKS))
    print(f"{len(sums)} arrays")
