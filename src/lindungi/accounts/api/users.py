"""`/api/v1/me` and `/api/v1/users`: who is signed in, and the users inside their scope."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user, user_get, user_list
from lindungi.api.schemas import ErrorOut

router = Router(tags=["accounts"])


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    region_code: str | None
    region_name: str | None
    agency_id: int | None
    agency_name: str | None

    @staticmethod
    def resolve_region_code(user: User) -> str | None:
        return user.region_id

    @staticmethod
    def resolve_region_name(user: User) -> str | None:
        return user.region.name if user.region else None

    @staticmethod
    def resolve_agency_name(user: User) -> str | None:
        return user.agency.name if user.agency else None


class ScopeOut(Schema):
    role: str
    region_codes: list[str] | None
    agency_id: int | None
    can_write: bool


class MeOut(Schema):
    user: UserOut
    scope: ScopeOut


@router.get("/me", response=MeOut, summary="The signed-in user and their scope")
def me(request: HttpRequest) -> dict[str, object]:
    scope = scope_for_user(request.user)
    return {
        "user": request.user,
        "scope": {
            "role": scope.role,
            "region_codes": list(scope.region_codes) if scope.region_codes is not None else None,
            "agency_id": scope.agency_id,
            "can_write": scope.can_write,
        },
    }


@router.get("/users", response=list[UserOut], summary="Users inside your scope")
@paginate
def users_list(request: HttpRequest, role: str | None = None, search: str = "") -> object:
    return user_list(scope=scope_for_user(request.user), role=role, search=search)


@router.get("/users/{user_id}", response={200: UserOut, 404: ErrorOut}, summary="One user")
def users_get(request: HttpRequest, user_id: int) -> User:
    return user_get(scope=scope_for_user(request.user), user_id=user_id)
