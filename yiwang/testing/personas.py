"""Named personas shared by the whole suite (style.md): citizen, operator, dispatcher,
agency clerk, leader and the three separated administrators.

`city` is 伊春市 with two counties (嘉荫县, 铁力市) so that scope tests have a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency, Division, Role

from .factories import AgencyFactory, DivisionFactory, MembershipFactory, RoleFactory, StaffFactory, UserFactory


@dataclass
class World:
    city: Division
    jiayin: Division
    tieli: Division
    city_government: Agency
    city_office: Agency  # 市政府办公室
    city_civil_affairs: Agency  # 市民政局
    jiayin_government: Agency
    jiayin_civil_affairs: Agency
    tieli_government: Agency
    tieli_civil_affairs: Agency
    clerk_role: Role
    leader_role: Role
    citizen: User
    enterprise: User
    operator: User  # 12345 话务员, city
    dispatcher: User  # 派单员, city office, whole city
    city_clerk: User  # 市民政局 经办人
    jiayin_clerk: User  # 嘉荫县民政局 经办人
    leader: User  # 市民政局 局长
    system_admin: User
    security_admin: User
    audit_admin: User
    office_director: User  # 市民政局 办公室主任 (核稿)
    jiayin_leader: User  # 嘉荫县民政局 局长 (会签)
    tieli_leader: User  # 铁力市民政局 局长 (会签)


CLERK_VERBS = ["portal.view", "portal.edit"]


def build_world() -> World:
    city = DivisionFactory(code="230700", name="伊春市", level=Division.Level.CITY)
    jiayin = DivisionFactory(code="230722", name="嘉荫县", parent=city)
    tieli = DivisionFactory(code="230781", name="铁力市", parent=city)
    gov = AgencyFactory(
        division=city, kind=Agency.Kind.GOVERNMENT, full_name="伊春市人民政府", short_name="市政府", code_word="伊政发"
    )
    office = AgencyFactory(
        parent=gov, division=city, full_name="伊春市人民政府办公室", short_name="市政府办", code_word="伊政办发"
    )
    civil = AgencyFactory(
        parent=gov, division=city, full_name="伊春市民政局", short_name="市民政局", code_word="伊民发"
    )
    jgov = AgencyFactory(
        parent=gov, division=jiayin, kind=Agency.Kind.GOVERNMENT, full_name="嘉荫县人民政府", short_name="嘉荫县政府"
    )
    jcivil = AgencyFactory(parent=jgov, division=jiayin, full_name="嘉荫县民政局", short_name="嘉荫县民政局")
    tgov = AgencyFactory(
        parent=gov, division=tieli, kind=Agency.Kind.GOVERNMENT, full_name="铁力市人民政府", short_name="铁力市政府"
    )
    tcivil = AgencyFactory(parent=tgov, division=tieli, full_name="铁力市民政局", short_name="铁力市民政局")
    clerk_role = RoleFactory(code="clerk", name="经办人", verbs=CLERK_VERBS)
    leader_role = RoleFactory(code="leader", name="负责人", verbs=[*CLERK_VERBS, "portal.publish"])
    dispatcher_role = RoleFactory(code="dispatcher", name="派单员", verbs=CLERK_VERBS)
    operator_role = RoleFactory(code="operator", name="话务员", verbs=["portal.view"])
    office_director_role = RoleFactory(code="office_director", name="办公室主任", verbs=CLERK_VERBS)

    def staff(username: str, name: str, **kwargs: object) -> User:
        return StaffFactory(username=username, display_name=name, **kwargs)

    operator = staff("operator", "话务员小李")
    MembershipFactory(user=operator, agency=office, role=operator_role)
    dispatcher = staff("dispatcher", "派单员老周")
    MembershipFactory(user=dispatcher, agency=gov, role=dispatcher_role, covers_subtree=True)
    city_clerk = staff("city_clerk", "民政局经办人王芳")
    MembershipFactory(user=city_clerk, agency=civil, role=clerk_role)
    jiayin_clerk = staff("jiayin_clerk", "嘉荫县民政局经办人刘洋")
    MembershipFactory(user=jiayin_clerk, agency=jcivil, role=clerk_role)
    leader = staff("leader", "民政局局长赵刚")
    MembershipFactory(user=leader, agency=civil, role=leader_role, is_leader=True, title="局长")
    office_director = staff("office_director", "民政局办公室主任孙丽")
    MembershipFactory(user=office_director, agency=civil, role=office_director_role, title="办公室主任")
    jiayin_leader = staff("jiayin_leader", "嘉荫县民政局局长钱伟")
    MembershipFactory(user=jiayin_leader, agency=jcivil, role=leader_role, is_leader=True, title="局长")
    tieli_leader = staff("tieli_leader", "铁力市民政局局长郑洁")
    MembershipFactory(user=tieli_leader, agency=tcivil, role=leader_role, is_leader=True, title="局长")
    return World(
        city=city,
        jiayin=jiayin,
        tieli=tieli,
        city_government=gov,
        city_office=office,
        city_civil_affairs=civil,
        jiayin_government=jgov,
        jiayin_civil_affairs=jcivil,
        tieli_government=tgov,
        tieli_civil_affairs=tcivil,
        clerk_role=clerk_role,
        leader_role=leader_role,
        citizen=UserFactory(username="citizen", display_name="张伟"),
        enterprise=UserFactory(username="enterprise", display_name="伊春林都木业有限公司", kind=User.Kind.ENTERPRISE),
        operator=operator,
        dispatcher=dispatcher,
        city_clerk=city_clerk,
        jiayin_clerk=jiayin_clerk,
        leader=leader,
        system_admin=staff("sysadmin", "系统管理员", admin_role=User.AdminRole.SYSTEM),
        security_admin=staff("secadmin", "安全管理员", admin_role=User.AdminRole.SECURITY),
        audit_admin=staff("auditadmin", "审计管理员", admin_role=User.AdminRole.AUDIT),
        office_director=office_director,
        jiayin_leader=jiayin_leader,
        tieli_leader=tieli_leader,
    )
