"""Users, the agencies (OPD) they may belong to, and their API tokens."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindungi.core.roles import Role
from lindungi.regions.models import Region


class Agency(models.Model):
    """A regional government agency (Organisasi Perangkat Daerah) of one regency or city."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="agencies"
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="agency_code_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Their role and region (and agency) make their scope."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    # Set when the regional admin gives a temporary password: the next sign-in leads to the
    # page where the user chooses their own (`web.middleware.PasswordChangeRequiredMiddleware`).
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=True)
                | (~models.Q(role="") & models.Q(region__isnull=False)),
                name="user_has_role_and_region_unless_superuser",
            ),
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(role__in=Role.values),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored; the token is shown once.
    It authenticates until it expires or is revoked; signing out of the web does not end it
    (it is a credential of its own, for scripts)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
