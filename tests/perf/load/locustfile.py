"""Deadline week on one round (issue 18, item 4). Run by tests/perf/load/run.py, which seeds the
round and writes the cast file this reads (LOAD_CAST).

steady (LOAD_MODE=steady): 100 panellists each work through their sheets as a person would: a page
  view every 20-40 s, typing for 4-12 s, the page's autosave 3 s after the typing stops (the
  sheet's own JSON save, X-Requested-With: fetch); 20 of them check and submit each sheet once
  it is complete, the others keep revising. The chair and an officer refresh their progress pages.
burst (LOAD_MODE=burst): every panellist loads a sheet and then all save at the same moment, five
  times over, as on deadline night.

Every save is written to LOAD_RECORD (JSON lines) before it is sent ("sent") and again once the
server has acknowledged it ("ack"), so check.py can compare the database with what was sent.
"""

import json
import os
import random
import re
import time

import gevent
from gevent.event import Event
from locust import HttpUser, between, constant, task

CAST = json.loads(open(os.environ["LOAD_CAST"]).read())  # noqa: SIM115, PTH123
MODE = os.environ.get("LOAD_MODE", "steady")
RECORD = open(os.environ["LOAD_RECORD"], "a", encoding="utf-8")  # noqa: SIM115, PTH123
BURSTS = int(os.environ.get("LOAD_BURSTS", "5"))
_queue = list(CAST["panellists"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d*)"')
SUBMITTED = "You submitted this on"  # templates/scoring/member/sheet.html, a submitted sheet
FETCH = {"X-Requested-With": "fetch"}
_SENTENCE = (
    "they plan sessions with young people every week and the budget shows where the money goes "
    "the outcomes are clear but the staffing is thin and the venue is far from the bus route"
)
WORDS = _SENTENCE.split()


def _write(line: dict) -> None:
    RECORD.write(json.dumps(line) + "\n")
    RECORD.flush()


class Barrier:
    """Holds each arriving panellist until all have arrived, then lets them go at once."""

    def __init__(self, parties: int):
        self.parties, self.count, self.event = parties, 0, Event()

    def wait(self, timeout=200):
        event = self.event
        self.count += 1
        if self.count >= self.parties:
            self.count, self.event = 0, Event()
            event.set()
        else:
            event.wait(timeout)


BARRIER = Barrier(len(_queue))


class Visitor(HttpUser):
    abstract = True

    def log_in(self, person):
        """Deadline week: people are already signed in (a session from earlier in the day, made by
        seed.py). LOAD_LOG_IN=1 logs in through the form instead, hashing the password."""
        if os.environ.get("LOAD_LOG_IN") != "1":
            self.client.cookies.set("sessionid", person["session"])
            return
        email = person["email"]
        page = self.client.get("/accounts/login/", name="log in page")
        token = CSRF.search(page.text).group(1)
        self.fresh_connection()
        with self.client.post(
            "/accounts/login/",
            {"username": email, "password": CAST["password"], "csrfmiddlewaretoken": token},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log in gave {response.status_code} {response.error or ''}")

    def fresh_connection(self):
        """A new TCP connection, so the proxy sends this user to the next app server."""
        self.client.close()


class Officer(Visitor):
    fixed_count = 1
    wait_time = between(10, 20)

    def on_start(self):
        self.log_in(CAST["officer"])

    @task
    def refresh(self):
        self.fresh_connection()
        for page in CAST["officer"]["pages"]:
            self.client.get(page, name=page.replace(str(CAST["round"]), "<round>"))


class Chair(Visitor):
    fixed_count = 1
    wait_time = between(10, 20)

    def on_start(self):
        self.log_in(CAST["chair"])

    @task
    def refresh(self):
        self.fresh_connection()
        for page in CAST["chair"]["pages"]:
            self.client.get(page, name="chair progress")


class Panellist(Visitor):
    fixed_count = len(_queue)
    wait_time = constant(0)

    def on_start(self):
        self.me = _queue.pop(0)
        self.sheets = {
            s["bid"]: {**s, "typed": {}, "version": None, "done": False} for s in self.me["sheets"]
        }
        self.seq = 0
        self.log_in(self.me)
        self.next_view = 0.0

    # What a person does ---------------------------------------------------------------------

    def view(self, sheet) -> bool:
        """Opens the sheet page (a new connection, maybe the other server) and reads its version.
        True if the sheet can still be changed (its form is there and it is not submitted)."""
        self.fresh_connection()
        page = self.client.get(sheet["url"], name="sheet page")
        text = page.text or ""
        found = VERSION.search(text)
        if found and found.group(1):
            sheet["version"] = int(found.group(1))
        if random.random() < 0.2:  # now and then, the bid's document from the object store
            self.client.get(sheet["document"], name="bid document")
        self.next_view = time.monotonic() + random.uniform(20, 40)
        return found is not None and SUBMITTED not in text

    def type_something(self, sheet, revise=False):
        left = [c for c in sheet["criteria"] if c["pk"] not in sheet["typed"]]
        criterion = random.choice(sheet["criteria"] if revise or not left else left)
        self.seq += 1
        reason = " ".join(random.choices(WORDS, k=random.randint(8, 30)))
        sheet["typed"][criterion["pk"]] = [
            random.randint(0, criterion["max"]),
            f"{reason} ({self.seq})",
        ]

    def save(self, sheet, label="autosave"):
        data = {"version": "" if sheet["version"] is None else sheet["version"]}
        for criterion in sheet["criteria"]:
            score, reason = sheet["typed"].get(criterion["pk"], ["", ""])
            data[f"c{criterion['pk']}_score"] = score
            data[f"c{criterion['pk']}_reason"] = reason
        line = {
            "member": self.me["member"],
            "bid": sheet["bid"],
            "seq": self.seq,
            "typed": sheet["typed"],
        }
        _write({"kind": "sent", **line})
        self.fresh_connection()  # each save may reach either server, as a page's fetch() would
        headers = {**FETCH, "X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            sheet["url"], data, headers=headers, name=label, catch_response=True
        ) as response:
            body = (
                response.json()
                if response.headers.get("Content-Type", "").startswith("application/json")
                else {}
            )
            if response.status_code != 200 or not body.get("ok"):
                response.failure(
                    f"save gave {response.status_code}: {body or response.error or ''}"
                )
                return False
            sheet["version"] = body["version"]
            _write({"kind": "ack", **line, "version": body["version"]})
            return True

    def submit(self, sheet):
        self.fresh_connection()
        self.client.get(sheet["check"], name="check page")
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            sheet["check"],
            {"version": sheet["version"]},
            headers=headers,
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "submitted=" not in response.headers.get(
                "Location", ""
            ):
                response.failure(
                    f"submit gave {response.status_code} to {response.headers.get('Location')}"
                )
                return
            sheet["done"] = True
            _write({"kind": "submitted", "member": self.me["member"], "bid": sheet["bid"]})
        self.client.get(self.me["dashboard"], name="dashboard")

    # The two modes --------------------------------------------------------------------------

    @task
    def work(self):
        if MODE == "burst":
            return self.burst()
        open_sheets = [s for s in self.sheets.values() if not s["done"]]
        if not open_sheets:  # everything submitted: looks in now and then
            self.fresh_connection()
            self.client.get(self.me["dashboard"], name="dashboard")
            gevent.sleep(random.uniform(20, 40))
            return
        sheet = next((s for s in open_sheets if len(s["typed"]) < len(s["criteria"])), None)
        revising = sheet is None
        sheet = sheet or random.choice(open_sheets)
        self.view(sheet)
        while True:
            gevent.sleep(random.uniform(4, 12))  # typing
            self.type_something(sheet, revise=revising)
            gevent.sleep(3)  # the page saves 3 s after the typing stops
            self.save(sheet)
            complete = len(sheet["typed"]) == len(sheet["criteria"])
            if complete and self.me["submits"]:
                return self.submit(sheet)
            if (complete and not revising) or time.monotonic() > self.next_view:
                return

    def burst(self):
        """Deadline night: the sheet the steady run reaches last, or the nearest before it still
        open. After a steady run a submitter may have submitted every sheet: they have nothing
        left to save, so they only wait at the barrier (which counts every panellist)."""
        sheet = None
        for mine in reversed(self.me["sheets"]):
            if self.view(self.sheets[mine["bid"]]):
                sheet = self.sheets[mine["bid"]]
                break
        for _ in range(BURSTS):
            if sheet is not None:
                self.type_something(sheet)
            BARRIER.wait()  # everyone presses save in the same instant
            if sheet is not None:
                self.save(sheet, label="burst save")
            gevent.sleep(2)
        gevent.sleep(3600)  # done: idle until the run ends
