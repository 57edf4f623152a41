"""moto_server with seven fixes, for the AWS apply test (tests/aws/).

moto (the AWS API emulator, preinstalled) is what the test applies the
rendered root module against. Stock moto 5.2.1 cannot carry our modules
through apply -> plan (no changes) -> destroy; each patch below fixes one
emulator defect, found by running the modules, and changes nothing a real
AWS account would do differently:
  1. RDS: every instance got the same DbiResourceId, so the provider read
     the wrong instance back; each now gets its own.
  2. RDS: DescribeDBParameters left out Source, so user parameters looked
     missing and every plan updated the parameter group.
  3. ElastiCache: a replication group's member clusters were listed but not
     created (CacheClusterNotFound on read); they are created, with the
     group's encryption and security groups.
  4. ElastiCache: cluster mode was not inferred from a ".cluster.on"
     parameter group (the provider does not send ClusterMode).
  5. ElastiCache: deleting a replication group or cluster never finished,
     and DeleteCacheSubnetGroup was not implemented (HTTP 500).
  6. EKS: accessConfig was dropped and an invented remoteAccess block was
     added to node groups, so every plan replaced them.
  7. EKS: a node group's updateConfig was ignored on create.
Run: MOTO_IAM_LOAD_MANAGED_POLICIES=true python3 moto_patched.py -H 127.0.0.1 -p PORT
(the variable makes IAM know the AWS-managed policies the EKS roles attach).
"""
import random
import string
import sys

from moto.core.responses import EmptyResult
from moto.elasticache.exceptions import CacheSubnetGroupNotFound
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse
from moto.rds.models import DBInstance
from moto.eks import models as eks_models
from moto.eks.responses import EKSResponse
from moto.rds.models import DBParameterGroup
from moto.server import main

_db_init = DBInstance.__init__


def _db_init_unique(self, *args, **kwargs):
    _db_init(self, *args, **kwargs)
    self.dbi_resource_id = "db-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=26))


DBInstance.__init__ = _db_init_unique

_create_rg = ElastiCacheBackend.create_replication_group
_delete_rg = ElastiCacheBackend.delete_replication_group
_delete_cc = ElastiCacheBackend.delete_cache_cluster


def _create_rg_with_members(self, *args, **kwargs):
    if not kwargs.get("cluster_mode") and (kwargs.get("cache_parameter_group_name") or "").endswith(".cluster.on"):
        kwargs["cluster_mode"] = "enabled"
    rg = _create_rg(self, *args, **kwargs)
    for member in list(dict.fromkeys(rg.member_clusters)):
        if member in self.cache_clusters:
            continue
        self.create_cache_cluster(
            cache_cluster_id=member, replication_group_id=kwargs["replication_group_id"], az_mode=None,
            preferred_availability_zone=None, num_cache_nodes=1, cache_node_type=kwargs["cache_node_type"],
            engine=kwargs.get("engine") or "redis", engine_version=kwargs.get("engine_version"),
            cache_parameter_group_name=kwargs.get("cache_parameter_group_name"),
            cache_subnet_group_name=kwargs.get("cache_subnet_group_name"),
            transit_encryption_enabled=kwargs.get("transit_encryption_enabled"), network_type=None, ip_discovery=None,
            snapshot_name=None, preferred_maintenance_window=kwargs.get("preferred_maintenance_window"),
            port=kwargs.get("port"), notification_topic_arn=None,
            auto_minor_version_upgrade=kwargs.get("auto_minor_version_upgrade"),
            snapshot_retention_limit=kwargs.get("snapshot_retention_limit"), snapshot_window=kwargs.get("snapshot_window"),
            auth_token=kwargs.get("auth_token"), outpost_mode=None, preferred_outpost_arn=None,
            preferred_availability_zones=None, cache_security_group_names=None,
            security_group_ids=kwargs.get("security_group_ids"), tags=None, snapshot_arns=None,
            preferred_outpost_arns=None, log_delivery_configurations=[], cache_node_ids_to_remove=None,
            cache_node_ids_to_reboot=None,
        )
        cc = self.cache_clusters[member]
        cc.at_rest_encryption_enabled = bool(kwargs.get("at_rest_encryption_enabled"))
        cc.security_groups = [{"SecurityGroupId": sg, "Status": "active"} for sg in kwargs.get("security_group_ids") or []]
    return rg


def _delete_rg_now(self, replication_group_id, retain_primary_cluster):
    members = list(self.replication_groups[replication_group_id].member_clusters) if replication_group_id in self.replication_groups else []
    rg = _delete_rg(self, replication_group_id, retain_primary_cluster)
    self.replication_groups.pop(replication_group_id, None)
    for member in members:
        self.cache_clusters.pop(member, None)
    return rg


def _delete_cc_now(self, cache_cluster_id):
    cc = _delete_cc(self, cache_cluster_id)
    self.cache_clusters.pop(cache_cluster_id, None)
    return cc


_update_params = DBParameterGroup.update_parameters


def _update_params_user(self, new_parameters):
    new_parameters = list(new_parameters)
    _update_params(self, new_parameters)
    for p in new_parameters:
        self.parameters[p["ParameterName"]]["Source"] = "user"


DBParameterGroup.update_parameters = _update_params_user

eks_models.DEFAULT_REMOTE_ACCESS = None
_eks_create_cluster = EKSResponse.create_cluster


def _eks_create_cluster_access(self):
    result = _eks_create_cluster(self)
    access = self._get_param("accessConfig") or {}
    cluster = self.eks_backend.clusters[self._get_param("name")]
    cluster.access_config = {"authenticationMode": access.get("authenticationMode", "CONFIG_MAP")}
    return result


EKSResponse.create_cluster = _eks_create_cluster_access
_eks_create_nodegroup = EKSResponse.create_nodegroup


def _eks_create_nodegroup_update_config(self):
    result = _eks_create_nodegroup(self)
    update_config = self._get_param("updateConfig")
    if update_config:
        cluster = self.eks_backend.clusters[self._get_param("name")]
        cluster.nodegroups[self._get_param("nodegroupName")].update_config = update_config
    return result


EKSResponse.create_nodegroup = _eks_create_nodegroup_update_config

ElastiCacheBackend.create_replication_group = _create_rg_with_members
ElastiCacheBackend.delete_replication_group = _delete_rg_now
ElastiCacheBackend.delete_cache_cluster = _delete_cc_now

def _delete_cache_subnet_group(self):
    name = self._get_param("CacheSubnetGroupName")
    if self.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
        raise CacheSubnetGroupNotFound(name)
    return EmptyResult()


ElastiCacheResponse.delete_cache_subnet_group = _delete_cache_subnet_group

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
