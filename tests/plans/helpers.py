"""Calls and records the plans' tests share."""
from tests.phones import new_id, op


def post(device, path, body):
    return device.client.post(path, json=body, headers={"X-CSRFToken": device.token})


def household_with_member(device, village, skills=None):
    """Push a household and one member through sync; return (household id, member id)."""
    home, person = new_id(), new_id()
    results = device.push(
        op("household.upsert", home, {"village_id": village.id, "head_name": "Nguyễn Văn An"}),
        op("member.upsert", person, {"household_id": home, "full_name": "Nguyễn Thị Bình",
                                     "skills": dict.fromkeys(skills or (), True)}))
    assert [r["status"] for r in results] == ["applied", "applied"], results
    return home, person


def member_record(device, home, person):
    response = device.client.get(f"/api/v1/households/{home}")
    assert response.status_code == 200, response.get_json()
    return next(m for m in response.get_json()["members"] if m["id"] == person)
