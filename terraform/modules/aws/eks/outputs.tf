output "cluster_name" {
  description = "Name of the EKS cluster (for aws eks update-kubeconfig)."
  value       = aws_eks_cluster.this.name
}

output "endpoint" {
  description = "HTTPS endpoint of the Kubernetes API."
  value       = aws_eks_cluster.this.endpoint
}

output "ca_certificate" {
  description = "Base64-encoded certificate authority of the Kubernetes API."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "oidc_issuer" {
  description = "OIDC issuer URL of the cluster (https://...), for IAM roles of service accounts."
  value       = aws_eks_cluster.this.identity[0].oidc[0].issuer
}

output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider of the cluster."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "node_role_arn" {
  description = "ARN of the IAM role of the managed nodes."
  value       = aws_iam_role.node.arn
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane and the managed nodes."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}
