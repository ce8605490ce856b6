"""tidepool: ROS2 Jazzy stack for an autonomous harbour survey boat (see ../README.md)."""

MAPPER_CPP = '''#include <rclcpp/rclcpp.hpp>
#include <rclcpp_components/register_node_macro.hpp>
#include <tidepool_msgs/msg/depth_sample.hpp>

namespace tidepool
{
class DepthMapper : public rclcpp::Node
{
public:
  explicit DepthMapper(const rclcpp::NodeOptions & options)
  : Node("depth_mapper", options)
  {
    sub_ = create_subscription<tidepool_msgs::msg::DepthSample>(
      "sonar/depth", rclcpp::QoS(10).reliable(),
      [this](tidepool_msgs::msg::DepthSample::ConstSharedPtr msg) { on_sample(*msg); });
  }

private:
  void on_sample(const tidepool_msgs::msg::DepthSample & s);
  rclcpp::Subscription<tidepool_msgs::msg::DepthSample>::SharedPtr sub_;
};
}  // namespace tidepool

RCLCPP_COMPONENTS_REGISTER_NODE(tidepool::DepthMapper)'''

SESSION_1 = {
    "name": "tidepool_sonar_qos",
    "cwd": "/home/jonas/ws/tidepool_ws/src/tidepool",
    "branch": "jonas/sonar-container",
    "start": "2026-05-19T15:20:11.777Z",
    "turns": [
        ("user", "depth_mapper receives nothing on sonar/depth since I moved the sonar driver into its own container. `ros2 topic echo /boat1/sonar/depth` shows data fine. field test is thursday at the lake so I'd like this working today"),
        ("think", "Echo works but the subscriber gets nothing: classic QoS incompatibility, or a domain/namespace mismatch, or sim time. Check topic info verbose to see both endpoints and their QoS."),
        ("say", "Since `echo` sees data, the publisher is alive and discovery works. Let me look at both endpoints and their QoS."),
        ("tool", "Bash", {"command": "ros2 topic info -v /boat1/sonar/depth | grep -E 'Node name|Endpoint type|Reliability|Durability'", "description": "Endpoint QoS for sonar/depth"},
         "Node name: ping_sonar_driver\nEndpoint type: PUBLISHER\n  Reliability: BEST_EFFORT\n  Durability: VOLATILE\nNode name: depth_mapper\nEndpoint type: SUBSCRIPTION\n  Reliability: RELIABLE\n  Durability: VOLATILE"),
        ("say", "There's the mismatch: the new driver publishes BEST_EFFORT and `depth_mapper` subscribes RELIABLE. I want to rule out one more thing first: if `depth_mapper` runs with `use_sim_time` and no `/clock`, it can drop samples as stale."),
        ("tool", "Bash", {"command": "ros2 param get /boat1/depth_mapper use_sim_time", "description": "Check sim time"},
         "Boolean value is: False"),
        ("tool", "Read", {"file_path": "/home/jonas/ws/tidepool_ws/src/tidepool/tidepool_mapping/src/depth_mapper.cpp"}, MAPPER_CPP),
        ("say", "Sim time is off, so that's not it.\n\nRoot cause: the depth_mapper subscription asks for RELIABLE while the new sonar driver publishes BEST_EFFORT. A reliable subscriber never matches a best-effort publisher, so DDS connects nothing and logs nothing. `ros2 topic echo` adapts its QoS to the publisher, which is why echo worked.\n\nFix: depth_mapper now subscribes with rclcpp::SensorDataQoS(), which is best effort with a small keep-last queue, the usual profile for a sensor stream."),
        ("tool", "Edit", {"file_path": "/home/jonas/ws/tidepool_ws/src/tidepool/tidepool_mapping/src/depth_mapper.cpp", "old_string": "\"sonar/depth\", rclcpp::QoS(10).reliable(),", "new_string": "\"sonar/depth\", rclcpp::SensorDataQoS(),"},
         "The file /home/jonas/ws/tidepool_ws/src/tidepool/tidepool_mapping/src/depth_mapper.cpp has been updated."),
        ("tool", "Bash", {"command": "cd ../.. && colcon build --packages-select tidepool_mapping --cmake-args -DCMAKE_BUILD_TYPE=RelWithDebInfo 2>&1 | tail -n 2", "description": "Rebuild tidepool_mapping"},
         "Finished <<< tidepool_mapping [3min 41s]\nSummary: 1 package finished [3min 42s]"),
        ("user", "building... ok. while it runs, stuff you should know bc you just wrote a `\"sonar/depth\"` and I want to keep it that way:\n- all topic names in our nodes are relative, no leading slash, so the whole stack can be namespaced under /boat1 and /boat2\n- we're on CycloneDDS, not Fast DDS. Fast DDS discovery kept dropping on the lab wifi. RMW_IMPLEMENTATION=rmw_cyclonedds_cpp is set in the docker entrypoint, don't set it in launch files\n- the C++ nodes are composable components loaded into one component_container_mt per boat, never standalone executables in production"),
        ("say", "Noted: relative topic names only, CycloneDDS (set in the container entrypoint, not in launch files), and C++ nodes as components in one `component_container_mt` per boat. `depth_mapper` already follows all three: it registers with `RCLCPP_COMPONENTS_REGISTER_NODE` and uses `sonar/depth`."),
        ("tool", "Bash", {"command": "ros2 topic hz /boat1/mapping/depth_grid --window 20 2>&1 | head -n 2", "description": "Check the mapper output rate"},
         "average rate: 9.812\n\tmin: 0.095s max: 0.108s std dev: 0.00321s window: 20"),
        ("say", "depth_mapper is receiving again: `mapping/depth_grid` publishes at about 9.8 Hz, which matches the sonar's 10 Hz ping rate."),
        ("user", "yesss. clang-format complains on the file now though"),
        ("tool", "Bash", {"command": "clang-format --dry-run tidepool_mapping/src/depth_mapper.cpp 2>&1 | head -n 3; grep ColumnLimit .clang-format", "description": "Check formatting"},
         "tidepool_mapping/src/depth_mapper.cpp:17:60: warning: code should be clang-formatted [-Wclang-format-violations]\nColumnLimit: 100"),
        ("say", "One line breaks wrongly for the 100-column limit. Reformatting:"),
        ("tool", "Bash", {"command": "clang-format -i tidepool_mapping/src/depth_mapper.cpp && git diff --stat", "description": "Apply clang-format"},
         " tidepool_mapping/src/depth_mapper.cpp | 4 ++--\n 1 file changed, 2 insertions(+), 2 deletions(-)"),
        ("user", "ty. fyi the 100 col limit is on purpose, we use the ROS2 C++ style guide except that the limit is 100 not 80. also can you check whether other subscribers have the same reliable() thing? I bet the imu one does"),
        ("tool", "Grep", {"pattern": "\\.reliable\\(\\)", "path": ".", "output_mode": "content", "-n": True},
         "tidepool_control/src/heading_controller.cpp:44:      \"imu/data\", rclcpp::QoS(10).reliable(),"),
        ("say", "Yes, only one: `heading_controller` subscribes to `imu/data` as RELIABLE. The IMU driver publishes RELIABLE today, so it works, but it would break the same way if the driver changed. Switch it to `SensorDataQoS()` as well?"),
        ("user", "yes do it, same fix. then I'm off to pack the boat"),
        ("tool", "Edit", {"file_path": "/home/jonas/ws/tidepool_ws/src/tidepool/tidepool_control/src/heading_controller.cpp", "old_string": "\"imu/data\", rclcpp::QoS(10).reliable(),", "new_string": "\"imu/data\", rclcpp::SensorDataQoS(),"},
         "The file has been updated."),
        ("say", "Done. `heading_controller` now uses `SensorDataQoS()` for `imu/data` too. Rebuild `tidepool_control` before Thursday."),
    ],
    "must_capture": [
        "best_effort",
        "never matches a best-effort publisher",
        "adapts its qos",
        "sensordataqos",
        "no leading slash",
        "cyclonedds",
        "discovery kept dropping",
        "component_container_mt",
        "limit is 100 not 80",
    ],
    "must_not_capture": [
        "field test is thursday",
        "use_sim_time` and no `/clock`",
        "boolean value is: false",
        "sim time is off",
        "3min 41s",
        "about 9.8 hz",
        "i bet the imu one does",
        "pack the boat",
        "clang-format complains",
    ],
}

MISSION_PY = '''"""Mission executor: flies survey lines and enforces the safety rules."""
from dataclasses import dataclass

import rclpy
from rclpy.node import Node

from tidepool_msgs.msg import LinkStatus, FenceStatus


@dataclass
class SurveyPlan:
    origin_e: float
    origin_n: float
    width_m: float
    length_m: float
    line_spacing_m: float = 5.0


class MissionExecutor(Node):
    def __init__(self) -> None:
        super().__init__("mission_executor")
        self.create_subscription(LinkStatus, "gcs/link", self.on_link, 10)
        self.create_subscription(FenceStatus, "geofence/status", self.on_fence, 10)

    def on_link(self, msg: LinkStatus) -> None:
        pass  # TODO(amara): loss-of-link behaviour

    def on_fence(self, msg: FenceStatus) -> None:
        pass  # TODO(amara): breach behaviour'''

SESSION_2 = {
    "name": "tidepool_mission_safety",
    "cwd": "/home/amara/tidepool_ws/src/tidepool",
    "branch": "main",
    "start": "2026-05-26T10:02:44.030Z",
    "turns": [
        ("user", "Please implement the two TODOs in tidepool_mission/tidepool_mission/executor.py. The rules, and they are not negotiable: On a geofence breach the boat holds position and waits for the operator. If the link to the ground station is lost for more than 30 seconds, it returns to launch. Never the other way round. A breach near the fence edge with RTL could drive it across the fence."),
        ("tool", "Read", {"file_path": "/home/amara/tidepool_ws/src/tidepool/tidepool_mission/tidepool_mission/executor.py"}, MISSION_PY),
        ("think", "Need a px4 mode client. There's probably a px4_bridge package with a SetMode service. Check."),
        ("tool", "Grep", {"pattern": "srv/SetMode|def request_mode", "path": ".", "output_mode": "content", "-n": True},
         "tidepool_px4_bridge/tidepool_px4_bridge/modes.py:12:def request_mode(node, mode: str) -> Future:\ntidepool_msgs/srv/SetMode.srv:1:string mode"),
        ("say", "`tidepool_px4_bridge.modes.request_mode` already wraps the PX4 mode switch, so I'll use it. My plan: a 1 Hz timer tracks when the last good link message arrived, and switches to `AUTO.RTL` once that is more than 30 s ago. A fence breach switches to `AUTO.LOITER` (PX4's hold) straight away and latches until the operator clears it."),
        ("tool", "Edit", {"file_path": "/home/amara/tidepool_ws/src/tidepool/tidepool_mission/tidepool_mission/executor.py",
                          "old_string": "    def on_link(self, msg: LinkStatus) -> None:\n        pass  # TODO(amara): loss-of-link behaviour\n\n    def on_fence(self, msg: FenceStatus) -> None:\n        pass  # TODO(amara): breach behaviour",
                          "new_string": "    LINK_TIMEOUT_S = 30.0\n\n    def on_link(self, msg: LinkStatus) -> None:\n        if msg.ok:\n            self._last_link = self.get_clock().now()\n\n    def _check_link(self) -> None:\n        silent = (self.get_clock().now() - self._last_link).nanoseconds / 1e9\n        if silent > self.LINK_TIMEOUT_S and not self._breach_latched:\n            request_mode(self, \"AUTO.RTL\")\n\n    def on_fence(self, msg: FenceStatus) -> None:\n        if msg.breached and not self._breach_latched:\n            self._breach_latched = True\n            request_mode(self, \"AUTO.LOITER\")"},
         "The file has been updated."),
        ("user", "good. a breach latched + link loss should stay in hold, you did that right. can we test in gazebo before the lake? also survey: the default line_spacing_m of 5 in the plan is wrong. Line spacing is 8 m, the sonar footprint at our 3 m depth is wider than we thought"),
        ("tool", "Edit", {"file_path": "/home/amara/tidepool_ws/src/tidepool/tidepool_mission/tidepool_mission/executor.py", "old_string": "line_spacing_m: float = 5.0", "new_string": "line_spacing_m: float = 8.0"},
         "The file has been updated."),
        ("tool", "Bash", {"command": "ros2 launch tidepool_sim lake_sitl.launch.py scenario:=fence_breach headless:=true 2>&1 | grep -E 'mission_executor|scenario' | tail -n 4", "description": "Run the fence breach scenario in SITL"},
         "[mission_executor-3] [INFO] [1779790021.118] geofence breach at E=212.4 N=88.0, requesting AUTO.LOITER\n[mission_executor-3] [INFO] [1779790021.402] mode now AUTO.LOITER\n[scenario_runner-5] [INFO] link dropped at t=50.0s\n[scenario_runner-5] [PASS] fence_breach: boat stayed in hold (t=41.2s..120.0s)"),
        ("say", "The `fence_breach` SITL scenario passes: the boat goes into hold at t=41.2 s and stays there through the simulated link loss at t=50 s. Line spacing now defaults to 8 m."),
        ("user_blocks", ["nice!! a few more things while you're in there, these are general:",
                         "1. mission waypoints are in ENU metres relative to the launch point, never lat/lon in mission files. lat/lon conversion happens only in tidepool_px4_bridge.\n2. sonar depth readings under 0.3 m are discarded, that's the transducer's blanking distance, anything shallower is garbage.\n3. bags: always record with the mcap storage plugin into ~/bags/<date>/, we had corrupted sqlite3 bags twice after power loss.\n4. python nodes: rclpy with type hints everywhere, ruff for lint+format, tests with pytest through `colcon test`.",
                         "check 2 is actually done in depth_filter.py please"]),
        ("tool", "Grep", {"pattern": "0\\.3|BLANKING", "path": "tidepool_mapping", "output_mode": "content", "-n": True},
         "tidepool_mapping/tidepool_mapping/depth_filter.py:9:BLANKING_M = 0.25"),
        ("say", "It isn't quite: `depth_filter.py` has `BLANKING_M = 0.25`, so readings between 0.25 m and 0.3 m get through. I'll set it to 0.3."),
        ("tool", "Edit", {"file_path": "/home/amara/tidepool_ws/src/tidepool/tidepool_mapping/tidepool_mapping/depth_filter.py", "old_string": "BLANKING_M = 0.25", "new_string": "BLANKING_M = 0.3  # transducer blanking distance; shallower readings are noise"},
         "The file has been updated."),
        ("tool", "Bash", {"command": "cd ~/tidepool_ws && colcon test --packages-select tidepool_mission tidepool_mapping --event-handlers console_direct- && colcon test-result --all | tail -n 1", "description": "Run tests for both packages"},
         "Summary: 31 tests, 0 errors, 0 failures, 1 skipped"),
        ("say", "`BLANKING_M` is now 0.3. Tests: 31 run, 0 failures, 1 skipped (the hardware-in-the-loop one). Lint is clean on both packages."),
        ("user", "perfect. battery 3 was at 40% after the last test btw, I'll charge it tonight. commit please"),
        ("tool", "Bash", {"command": "git add -A && git commit -qm 'mission: hold on fence breach, RTL after 30 s link loss; 8 m line spacing; 0.3 m blanking' && git log --oneline -1", "description": "Commit"},
         "9be01d7 mission: hold on fence breach, RTL after 30 s link loss; 8 m line spacing; 0.3 m blanking"),
        ("say", "Committed as 9be01d7."),
    ],
    "must_capture": [
        "holds position",
        "returns to launch",
        "drive it across the fence",
        "should stay in hold",
        "auto.loiter",
        "already wraps the px4 mode switch",
        "line spacing is 8 m",
        "enu metres",
        "under 0.3 m are discarded",
        "mcap",
        "ruff",
    ],
    "must_not_capture": [
        "can we test in gazebo",
        "line_spacing_m of 5",
        "stays there through the simulated link loss",
        "31 run, 0 failures",
        "battery 3 was at 40%",
        "charge it tonight",
        "blanking_m = 0.25",
        "9be01d7",
    ],
}

SESSIONS = [SESSION_1, SESSION_2]
