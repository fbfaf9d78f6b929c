"""The menu and the pages it leads to, as every demo role, on a 360-px phone and a 1280-px office
screen: every link of the menu can be reached and read (inside the screen after scrolling, its
label not cut), no page it leads to is wider than the screen, and axe-core (vendored in
tests/e2e/vendor, no network) finds no serious or critical accessibility problem on each role's
home page and on the main pages (workers, a worker, enrolments, bills, coverage).

Kept fast: one browser page for everything, one sign-in per role through the login form; each
page is loaded once at 360 px and checked again resized to 1280 px. Every page of the menu is
visited as the first role whose menu has it (the regional admin first, who sees the most), and
again as a village operator and a civil servant, the phone users, whose pages show their own
village or household; the other roles' pages are the regency's, as the admin's."""

from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.demo.seed import DEMO_PASSWORD, LOGINS, seed_demo
from lindungi.regions.loading import load_regions
from tests.e2e.conftest import ARTIFACTS

ROLES = [login.username for login in LOGINS] + ["admin"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
# Not our layout: Django's own admin and the API's interactive documentation.
FOREIGN = ("/django-admin/", "/api/")
# The phone users: every page of their menu is visited as them.
PHONE_USERS = ("desa.cikeruh", "asn.rina")
# The main pages axe-core reads as the regional admin (besides every role's home page).
MAIN_PAGES = ("/pekerja/", "/kepesertaan/", "/tagihan/", "/cakupan/")

# The links of one part of the open menu (a task, or a lone link): whether each label is cut
# (wider than its box) and whether its box, once scrolled into view, is inside the screen.
LINKS_OF = """part => Array.from(part.querySelectorAll('a')).map(a => {
  a.scrollIntoView({block: 'nearest'});
  const box = a.getBoundingClientRect();
  return {href: a.getAttribute('href'), label: a.textContent.trim(),
          cut: a.scrollWidth > a.clientWidth,
          inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth + 1
                  && box.bottom <= innerHeight + 1 && box.width > 0 && box.height > 0,
          seen: getComputedStyle(a).visibility === 'visible'};
})"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} at `
              + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The whole demo (workers, programs, enrolments, bills) behind a live server."""
    load_regions()  # transactional tests start from tables emptied by the ones before
    if not RateVersion.objects.exists():  # the migrations' rate tables, emptied likewise
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(today=timezone.localdate())
    yield live_server.url
    # The flush after the test deletes table by table; the billing triggers refuse to let a
    # bill or an enrolment go while lines and allocations name it, so these go first.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_allocation")
        cursor.execute("DELETE FROM billing_billline")


def _sign_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.locator("#menu").wait_for(state="attached")
    page.wait_for_load_state("domcontentloaded")  # the shell's script has run


def _menu_links(page) -> list[dict]:
    """Every link of the menu, each task opened by a click as a reader would (the drawer first
    on a phone): on a wide screen each task is a drop-down that closes the one before."""
    if page.viewport_size["width"] < 1024:
        page.get_by_test_id("menu-toggle").click()
        page.locator("#menu:popover-open").wait_for()
    links = []
    for part in page.locator("#menu .menu-groups > li").all():
        summary = part.locator("summary")
        if summary.count():
            summary.click()
            part.locator("details[open]").wait_for()
        links += part.evaluate(LINKS_OF)
    return links


def _drawer_by_keyboard(page) -> None:
    """On a phone: Enter on the Menu button opens the drawer (announced as expanded, focus in
    it), Esc closes it (focus back on the button)."""
    toggle = page.get_by_test_id("menu-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#menu:popover-open")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.getElementById('menu').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(page.locator("#menu:popover-open")).to_have_count(0)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


def _at_both_sizes(page, check) -> list[str]:
    """`check(page)`'s findings for the loaded page at 360 px, then resized to 1280 px."""
    found = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        found += [f"{message} at {size['width']} px" for message in check(page)]
    page.set_viewport_size(PHONE)
    return found


def _wider(page) -> list[str]:
    wider = page.evaluate(OVERFLOW)
    return [f"{wider} px wider than the screen"] if wider > 0 else []


def _axe(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)  # evaluated, not a <script>: the Content Security Policy stays on
    return page.evaluate(AXE_RUN)


def test_every_role_reaches_every_menu_item_and_no_page_overflows(demo_site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    problems: list[str] = []
    visited: set[str] = set()
    for username in ROLES:
        context.clear_cookies()
        _sign_in(page, demo_site, username)
        problems += [f"{username}'s home: {found}" for found in _at_both_sizes(page, _axe)]
        if username == "desa.cikeruh":
            _drawer_by_keyboard(page)
        menus = {}
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.reload()
            links = _menu_links(page)
            problems += [
                f"{username} at {size['width']} px: the menu's {link['label']!r} is cut or off "
                "the screen"
                for link in links
                if link["cut"] or not link["inside"] or not link["seen"]
            ]
            menus[size["width"]] = tuple(link["href"] for link in links)
            if username in ("desa.cikeruh", "admin"):
                page.screenshot(path=str(ARTIFACTS / f"menu-{username}-{size['width']}px.png"))
        page.set_viewport_size(PHONE)
        assert menus[360] == menus[1280], username  # one menu, laid out two ways
        for href in dict.fromkeys(menus[360]):
            if href.startswith(FOREIGN) or (href in visited and username not in PHONE_USERS):
                continue
            visited.add(href)
            page.goto(f"{demo_site}{href}", wait_until="domcontentloaded")
            problems += [f"{username}: {href} is {found}" for found in _at_both_sizes(page, _wider)]
            if username == "disnaker" and href in MAIN_PAGES:
                problems += [f"{href}: {found}" for found in _at_both_sizes(page, _axe)]
                if href == "/pekerja/":
                    page.locator("main table a[href^='/pekerja/']").first.click()
                    page.wait_for_load_state("domcontentloaded")
                    problems += [
                        f"a worker's page: {found}" for found in _at_both_sizes(page, _axe)
                    ]
    context.close()
    assert problems == [], "\n".join(problems)
    assert console_errors == []
