# pre-flight test workload: optional eventfd / raw socket / big memory, then a tick with its
# monotonic time (ns) every 5 ms on stdout, flushed, until killed.
import os, socket, sys, time
keep = []
what = sys.argv[1:]
if "eventfd" in what:
    keep.append(os.eventfd(7))
if "raw" in what:
    keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
if "unixpair" in what:
    keep.extend(socket.socketpair())
for w in what:
    if w.startswith("unixout="):
        u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        u.connect(w[len("unixout="):])
        keep.append(u)
if "big" in what:
    keep.append(bytearray(b"\x01") * (1 << 30))
print("ready", flush=True)
n = 0
while True:
    n += 1
    print("tick", n, time.monotonic_ns(), flush=True)
    time.sleep(0.005)
